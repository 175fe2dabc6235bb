#!/usr/bin/env bash
# Runs the JMH benchmarks and the round-trip probe, then renders the results into docs/benchmarks/.
#
#   benchmarks/run.sh quick   # about 10 minutes: 1 thread, String values, short iterations
#   benchmarks/run.sh full    # about 2 hours (~350 JMH runs): 1 and 2 threads, String and byte[] values, longer iterations
#
# Writes docs/benchmarks/<mode>.json (JMH's JSON, all runs), <mode>-probe.md (Redis commands and round trips per
# call), results-<mode>.md (tables, ratios, targets, machine) and <mode>-throughput.svg, <mode>-ratios.svg.
# Needs a JDK 17+ and python3 (standard library only); redis-server on the PATH or the packaged fallback; memcached
# on the PATH; dynalite on the PATH (npm install -g dynalite@4.0.0). The Hazelcast member runs in a JVM the benchmark
# starts.
# JMH options can be added through JMH_EXTRA, e.g. JMH_EXTRA='-prof stack'.
set -euo pipefail

mode=${1:-quick}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/docs/benchmarks
jar=$root/benchmarks/target/benchmarks.jar
work=$root/benchmarks/target/run-$mode
case $mode in
  quick) timing=(-wi 2 -w 1s -i 5 -r 800ms -f 1); thread_counts=(1); values=string; by_reference='CacheBenchmark.(get|put)$' ;;
  full) timing=(-wi 3 -w 2s -i 5 -r 2s -f 1); thread_counts=(1 2); values=string,bytes; by_reference='CacheBenchmark' ;;
  *) echo "usage: $0 quick|full" >&2; exit 2 ;;
esac

cd "$root"
nice ./mvnw -q -pl benchmarks -am package -DskipTests
rm -rf "$work" && mkdir -p "$work" "$out"

heap=cairn-memory,caffeine,ehcache
outside=cairn-redis,lettuce,redisson
memcached=cairn-memcached,memcached
dynamodb=cairn-dynamodb,dynamodb
# the near cache against the memory store, plain Redis and Hazelcast's JCache client with and without its near cache
near=cairn-memory,cairn-redis-near,cairn-redis,hazelcast-near,hazelcast
# the disk store takes part once the provider has it
disk=$(unzip -l "$jar" | grep -c 'dev/cairn/cache/store/file/FileStoreProvider.class' || true)

{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "mode=$mode"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "cores=$(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "redis=$(redis-server --version 2>/dev/null || echo 'packaged 6.2')"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$work/machine.txt"

jmh() {
  local name=$1; shift
  timed "$name" "$@" "${timing[@]}"
}
# with its own -wi/-w/-i/-r/-f after the benchmark's arguments
timed() {
  local name=$1; shift
  java -jar "$jar" "$@" -foe false -rf json -rff "$work/$name.json" ${JMH_EXTRA:-} >> "$work/jmh.log" 2>&1
}
for threads in "${thread_counts[@]}"; do
  jmh "heap-by-value-t$threads" CacheBenchmark -t "$threads" -p provider=$heap -p storeByValue=true -p values=$values
  jmh "heap-by-reference-t$threads" "$by_reference" -t "$threads" -p provider=$heap -p storeByValue=false \
    -p values=$values
  jmh "outside-heap-t$threads" CacheBenchmark -t "$threads" -p provider=$outside -p storeByValue=true \
    -p values=$values
  jmh "memcached-t$threads" 'CacheBenchmark.(get|put|getAll|putAll|invoke)$' -t "$threads" -p provider=$memcached \
    -p storeByValue=true -p values=$values
  # dynalite answers in milliseconds: get and put only, beside the SDK's own GetItem and PutItem
  jmh "dynamodb-t$threads" 'CacheBenchmark.(get|put)$' -t "$threads" -p provider=$dynamodb -p storeByValue=true \
    -p values=$values
  # a near hit's call chain is deep: the JIT needs longer than a heap cache's to compile it whole on a busy machine
  timed "near-t$threads" 'CacheBenchmark.(get|getAll)$' -t "$threads" -p provider=$near -p storeByValue=true \
    -p values=$values -wi 6 -w 2s -i 5 -r 2s -f 1
  if [ "$disk" -gt 0 ]; then
    jmh "disk-always-t$threads" CacheBenchmark -t "$threads" -p provider=cairn-file -p sync=always -p values=$values
    jmh "disk-interval-t$threads" "$by_reference" -t "$threads" -p provider=cairn-file -p sync=interval \
      -p values=$values
  fi
done
if [ "$mode" = quick ] && [ "$disk" -gt 0 ]; then
  # group commit only shows with concurrent writers
  jmh disk-t2 'CacheBenchmark.(get|put)$' -t 2 -p provider=cairn-file -p sync=always,interval -p values=string
fi
python3 - "$work" "$out/$mode.json" <<'PY'
import glob, json, os, sys
runs = []
for path in sorted(glob.glob(sys.argv[1] + '/*.json')):
    for run in json.load(open(path)):
        run['cairnRun'] = os.path.basename(path)  # which JMH invocation: report.py keeps the near run's apart
        runs.append(run)
json.dump(runs, open(sys.argv[2], 'w'), indent=1)
PY

java -cp "$jar" dev.cairn.benchmarks.RoundTripProbe 1000 2>> "$work/jmh.log" > "$out/$mode-probe.md"
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/machine.txt"
echo "failed_runs=$(grep -c '<failure>' "$work/jmh.log" || true)" >> "$work/machine.txt"
python3 benchmarks/report.py "$mode" "$out" "$work/machine.txt"
echo "wrote $out/results-$mode.md; the JMH log is $work/jmh.log"
