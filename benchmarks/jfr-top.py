#!/usr/bin/env python3
"""Summarizes the samples of a JFR recording (JMH: -prof jfr:dir=DIR): per thread group, the hottest methods by
self time and the hottest frames anywhere on the stack (inclusive), as shares of the samples. Threads running Java
code (jdk.ExecutionSample) and threads inside native code such as fsync or a socket read (jdk.NativeMethodSample,
marked "native") are counted apart.

Usage: jfr-top.py RECORDING.jfr [frames]   (needs the JDK's jfr tool on the PATH; standard library only)
"""
import collections
import re
import subprocess
import sys


def main():
    recording = sys.argv[1]
    shown = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample,jdk.NativeMethodSample',
                           '--stack-depth', '64', recording], capture_output=True, text=True, check=True).stdout
    samples = []
    for kind, event in re.findall(r'jdk\.(ExecutionSample|NativeMethodSample) \{(.*?)\n\}', text, re.DOTALL):
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = re.findall(r'^\s+([\w$.<>/]+)\(.*?line:', event, re.MULTILINE)
        if frames:
            name = re.sub(r'[-\d]+$', '', thread.group(1)) if thread else '?'
            samples.append((name + (' (native)' if kind == 'NativeMethodSample' else ''), frames))
    by_thread = collections.Counter(thread for thread, _ in samples)
    print(f'{len(samples)} samples')
    for thread, count in by_thread.most_common(6):
        print(f'\n== threads "{thread}*": {count} samples ({100 * count / len(samples):.0f}%)')
        own = [frames for t, frames in samples if t == thread]
        self_time = collections.Counter(frames[0] for frames in own)
        inclusive = collections.Counter(frame for frames in own for frame in set(frames))
        print('  self:')
        for frame, n in self_time.most_common(shown):
            print(f'    {100 * n / count:5.1f}%  {frame}')
        print('  inclusive:')
        for frame, n in inclusive.most_common(shown):
            print(f'    {100 * n / count:5.1f}%  {frame}')


if __name__ == '__main__':
    main()
