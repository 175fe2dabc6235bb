#!/usr/bin/env python3
"""Renders a benchmarks/run.sh run: Markdown tables with ratios and targets, and two SVG charts.

Usage: report.py MODE OUT_DIR MACHINE_FILE
Reads OUT_DIR/MODE.json (JMH) and OUT_DIR/MODE-probe.md; writes OUT_DIR/results-MODE.md,
OUT_DIR/MODE-throughput.svg and OUT_DIR/MODE-ratios.svg. Standard library only.

Every figure is the median of the measurement iterations of one JMH run; the error is JMH's 99.9% confidence
half-width. Ratios divide medians.
"""
import json
import math
import statistics
import sys
from html import escape

OPERATIONS = ['get', 'getMiss', 'containsKey', 'put', 'getAll', 'putAll', 'invoke', 'removeAndPut']
LABELS = {'getAll': 'getAll(100)', 'putAll': 'putAll(100)', 'removeAndPut': 'remove + put'}
# The near-cache comparison is its own JMH run (run.sh's near-*.json): its memory-store and plain-Redis figures are
# shown apart, '(near run)', so that its ratios divide figures of one run.
NEAR_RUN = ' (near run)'
PROVIDERS = ['cairn-memory', 'caffeine', 'ehcache', 'cairn-file', 'cairn-file (interval)', 'cairn-redis', 'lettuce',
             'redisson', 'cairn-memcached', 'memcached', 'cairn-dynamodb', 'dynamodb', 'cairn-memory' + NEAR_RUN,
             'cairn-redis-near', 'cairn-redis' + NEAR_RUN, 'hazelcast-near', 'hazelcast']
COLORS = {'cairn-memory': '#1b9e77', 'caffeine': '#7570b3', 'ehcache': '#e7298a', 'cairn-file': '#66a61e',
          'cairn-file (interval)': '#a6d854',
          'cairn-redis': '#d95f02', 'lettuce': '#666666', 'redisson': '#e6ab02',
          'cairn-memcached': '#8c564b', 'memcached': '#c49c94', 'cairn-dynamodb': '#bcbd22', 'dynamodb': '#dbdb8d',
          'cairn-memory' + NEAR_RUN: '#66c2a5',
          'cairn-redis-near': '#fc8d62', 'cairn-redis' + NEAR_RUN: '#e78ac3', 'hazelcast-near': '#1f78b4',
          'hazelcast': '#a6cee3'}
# (Cairn, peer) pairs whose ratio the tables show
PAIRS = [('cairn-memory', 'caffeine'), ('cairn-memory', 'ehcache'), ('cairn-redis', 'lettuce'),
         ('cairn-redis', 'redisson'), ('cairn-memcached', 'memcached'), ('cairn-dynamodb', 'dynamodb'),
         ('cairn-redis-near', 'hazelcast-near'),
         ('cairn-redis' + NEAR_RUN, 'hazelcast')]
# (what, threads, Cairn, operation, peer or None for an absolute floor in ops/s, at least); String values,
# store-by-value
TARGETS = [
    ('memory get >= 0.9x Caffeine', 1, 'cairn-memory', 'get', 'caffeine', 0.9),
    ('memory put >= 0.9x Caffeine', 1, 'cairn-memory', 'put', 'caffeine', 0.9),
    ('Redis get >= 0.9x raw Lettuce GET', 1, 'cairn-redis', 'get', 'lettuce', 0.9),
    ('Redis getAll(100) >= 0.8x raw MGET', 1, 'cairn-redis', 'getAll', 'lettuce', 0.8),
    ('Redis putAll(100) >= 0.8x raw MSET', 1, 'cairn-redis', 'putAll', 'lettuce', 0.8),
    ('Redis invoke >= 2x Redisson', 1, 'cairn-redis', 'invoke', 'redisson', 2.0),
    ('near-cache get >= 0.5x memory-store get (one run)', 1, 'cairn-redis-near', 'get', 'cairn-memory' + NEAR_RUN,
     0.5),
    ('near-cache get >= 100x Redis get without it (one run)', 1, 'cairn-redis-near', 'get', 'cairn-redis' + NEAR_RUN,
     100),
    ('near-cache get >= 5x Hazelcast near-cache get', 1, 'cairn-redis-near', 'get', 'hazelcast-near', 5.0),
    ('memcached get >= 0.9x raw meta mg', 1, 'cairn-memcached', 'get', 'memcached', 0.9),
    ('memcached getAll(100) >= 0.8x raw pipelined mg', 1, 'cairn-memcached', 'getAll', 'memcached', 0.8),
    ('file get >= 100k ops/s', 1, 'cairn-file', 'get', None, 100_000),
    ('file put >= 20k ops/s, sync=always (group commit)', 1, 'cairn-file', 'put', None, 20_000),
    ('file put >= 20k ops/s, sync=always (group commit)', 2, 'cairn-file', 'put', None, 20_000),
    ('file put >= 20k ops/s, sync=interval', 1, 'cairn-file (interval)', 'put', None, 20_000),
    ('file put >= 20k ops/s, sync=interval', 2, 'cairn-file (interval)', 'put', None, 20_000),
]


def load(path):
    """{(threads, values, storeByValue): {(operation, provider): (median, error)}}"""
    scenarios = {}
    for run in json.load(open(path)):
        operation = run['benchmark'].rsplit('.', 1)[1]
        params = run['params']
        scenario = (run['threads'], params['values'], params['storeByValue'])
        metric = run['primaryMetric']
        iterations = [score for fork in metric['rawData'] for score in fork]
        error = metric['scoreError']  # "NaN" (a string) when there are too few iterations
        error = None if isinstance(error, str) or math.isnan(error) else error
        provider = params['provider']
        if run.get('cairnRun', '').startswith('near') and provider in ('cairn-memory', 'cairn-redis'):
            provider += NEAR_RUN
        if provider == 'cairn-file' and params.get('sync', 'always') != 'always':
            provider += f' ({params["sync"]})'
        scenarios.setdefault(scenario, {})[(operation, provider)] = (statistics.median(iterations), error)
    return scenarios


def ops(value):
    if value >= 1_000_000:
        return f'{value / 1_000_000:.2f} M'
    if value >= 10_000:
        return f'{value / 1_000:.0f} k'
    if value >= 1_000:
        return f'{value / 1_000:.1f} k'
    return f'{value:.0f}'


def cell(result):
    if result is None:
        return '—'
    median, error = result
    return ops(median) + ('' if error is None else f' ± {100 * error / median:.0f}%')


def ratio(results, operation, cairn, peer):
    a, b = results.get((operation, cairn)), results.get((operation, peer))
    return None if a is None or b is None else a[0] / b[0]


def scenario_title(scenario):
    threads, values, by_value = scenario
    kind = 'String' if values == 'string' else 'byte[]'
    store = 'store-by-value' if by_value == 'true' else 'store-by-reference'
    return f'{threads} thread{"s" if threads > 1 else ""}, {kind} values, {store}'


def tables(scenarios):
    lines = []
    for scenario in sorted(scenarios, key=lambda s: (s[0], s[1] != 'string', s[2] != 'true')):
        results = scenarios[scenario]
        providers = [p for p in PROVIDERS if any(key[1] == p for key in results)]
        lines += [f'### {scenario_title(scenario)}', '', 'Operations per second (median ± error):', '',
                  '| operation | ' + ' | '.join(providers) + ' |', '|---|' + '---:|' * len(providers)]
        for operation in OPERATIONS:
            if any((operation, p) in results for p in providers):
                lines.append(f'| {LABELS.get(operation, operation)} | '
                             + ' | '.join(cell(results.get((operation, p))) for p in providers) + ' |')
        pairs = [pair for pair in PAIRS if pair[0] in providers and pair[1] in providers]
        if pairs:
            lines += ['', 'Ratios (Cairn ÷ peer, of medians):', '',
                      '| operation | ' + ' | '.join(f'{a} ÷ {b}' for a, b in pairs) + ' |',
                      '|---|' + '---:|' * len(pairs)]
            for operation in OPERATIONS:
                values = [ratio(results, operation, a, b) for a, b in pairs]
                if any(v is not None for v in values):
                    lines.append(f'| {LABELS.get(operation, operation)} | '
                                 + ' | '.join('—' if v is None else f'{v:.2f}x' for v in values) + ' |')
        lines.append('')
    return lines


def targets(scenarios):
    lines = ['| target (String values, store-by-value) | threads | measured | verdict |', '|---|---:|---:|---|']
    for what, threads, cairn, operation, peer, wanted in TARGETS:
        results = scenarios.get((threads, 'string', 'true'), {})
        if peer is None:
            result = results.get((operation, cairn))
            measured = None if result is None else result[0]
            shown = '—' if measured is None else f'{ops(measured)} ops/s'
        else:
            measured = ratio(results, operation, cairn, peer)
            shown = '—' if measured is None else f'{measured:.2f}x'
        if measured is None:
            verdict = 'not measured'
        elif measured >= wanted:
            verdict = 'met'
        else:
            short = (1 - measured / wanted) * 100
            verdict = f'**missed** by {short:.0f}%'
        lines.append(f'| {what} | {threads} | {shown} | {verdict} |')
    return lines


def svg_bars(title, subtitle, groups, series, value_of, scale, ticks, tick_label, bar_label, color_of,
             reference=None):
    """Horizontal grouped bars on a log axis: one group per entry of groups, one bar per series."""
    left, width, bar, gap, top = 130, 560, 11, 10, 58
    present = [(g, [s for s in series if value_of(g, s) is not None]) for g in groups]
    present = [(g, ss) for g, ss in present if ss]
    height = top + sum(len(ss) * bar + gap for _, ss in present) + 60
    low, high = scale

    def x(value):
        value = min(max(value, low), high)
        return left + width * (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 190}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
           f'<text x="10" y="38" fill="#444">{escape(subtitle)}</text>']
    axis_bottom = height - 45
    for tick in ticks:
        out.append(f'<line x1="{x(tick):.1f}" y1="{top - 5}" x2="{x(tick):.1f}" y2="{axis_bottom}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{axis_bottom + 14}" text-anchor="middle">'
                   f'{escape(tick_label(tick))}</text>')
    if reference is not None:
        out.append(f'<line x1="{x(reference):.1f}" y1="{top - 5}" x2="{x(reference):.1f}" y2="{axis_bottom}" '
                   f'stroke="black" stroke-dasharray="4,3"/>')
    y = top
    for group, members in present:
        out.append(f'<text x="{left - 8}" y="{y + len(members) * bar / 2 + 4:.1f}" text-anchor="end" '
                   f'font-weight="bold">{escape(LABELS.get(group, group))}</text>')
        for member in members:
            value = value_of(group, member)
            out.append(f'<rect x="{left}" y="{y}" width="{max(x(value) - left, 1):.1f}" height="{bar - 2}" '
                       f'fill="{color_of(member)}"><title>{escape(member)}: {escape(bar_label(value))}</title>'
                       f'</rect>')
            out.append(f'<text x="{max(x(value), left) + 4:.1f}" y="{y + bar - 3}" fill="#333">'
                       f'{escape(member)} {escape(bar_label(value))}</text>')
            y += bar
        y += gap
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def throughput_chart(scenarios, mode):
    scenario = (1, 'string', 'true')
    results = scenarios.get(scenario, {})
    return svg_bars('Operations per second (log scale)',
                    f'{scenario_title(scenario)}; medians of the {mode} run; getAll/putAll: calls of 100 keys',
                    OPERATIONS, PROVIDERS, lambda op, p: results.get((op, p), (None,))[0],
                    (100, 1e8), [1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8],
                    lambda v: {1e2: '100', 1e3: '1k', 1e4: '10k', 1e5: '100k', 1e6: '1M', 1e7: '10M'}.get(v, '100M'),
                    ops, lambda p: COLORS[p])


def ratio_chart(scenarios, mode):
    scenario = (1, 'string', 'true')
    results = scenarios.get(scenario, {})
    series = [f'{a} ÷ {b}' for a, b in PAIRS]

    def value(operation, name):
        a, b = name.split(' ÷ ')
        return ratio(results, operation, a, b)

    return svg_bars('Cairn ÷ peer (log scale; right of the dashed line: Cairn faster)',
                    f'{scenario_title(scenario)}; ratios of the medians of the {mode} run',
                    OPERATIONS, series, value, (1 / 16, 16), [1 / 16, 1 / 4, 1 / 2, 1, 2, 4, 16],
                    lambda r: f'1/{1 / r:.0f}x' if r < 1 else f'{r:.0f}x', lambda r: f'{r:.2f}x',
                    lambda name: COLORS[name.split(' ÷ ')[1]], reference=1)


def main():
    mode, out, machine_file = sys.argv[1:4]
    machine = dict(line.rstrip('\n').split('=', 1) for line in open(machine_file) if '=' in line)
    scenarios = load(f'{out}/{mode}.json')
    probe = open(f'{out}/{mode}-probe.md').read().rstrip('\n')
    open(f'{out}/{mode}-throughput.svg', 'w').write(throughput_chart(scenarios, mode))
    open(f'{out}/{mode}-ratios.svg', 'w').write(ratio_chart(scenarios, mode))
    lines = [f'# Benchmark results: {mode} run of {machine.get("date", "?")}', '',
             'Generated by `benchmarks/run.sh ' + mode + '` (do not edit). Medians of the measurement iterations '
             'of one run; the ± figure is JMH\'s 99.9% confidence half-width as a share of the score. One run on a '
             'shared machine: read the ratios, not the absolute numbers, and compare runs before trusting a '
             'difference of a few percent.', '',
             '## Machine', '',
             f'- CPU: {machine.get("cpu", "?")}, {machine.get("cores", "?")} cores, {machine.get("memory", "?")}',
             f'- {machine.get("java", "?")}; {machine.get("redis", "?")}',
             f'- load average (1, 5, 15 min) before: {machine.get("load_before", "?")}, after: '
             f'{machine.get("load_after", "?")}',
             f'- JMH runs that failed: {machine.get("failed_runs", "?")}', '',
             '## Targets', ''] + targets(scenarios) + [
             '', f'![operations per second]({mode}-throughput.svg)', '', f'![ratios]({mode}-ratios.svg)', '',
             '## All runs', ''] + tables(scenarios) + [
             '## Redis commands and round trips per call', '', probe, '']
    open(f'{out}/results-{mode}.md', 'w').write('\n'.join(lines))


if __name__ == '__main__':
    main()
