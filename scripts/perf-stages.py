#!/usr/bin/env python3
"""Attributes the samples of a `perf record -g` file of a .NET process to stages of the TSMetrics path.

Usage: scripts/perf-stages.py file.perf   (scripts/profile.sh calls it). A sample waiting or spinning near
its leaf counts as thread-pool wait; otherwise the first stage in the list below found anywhere on its stack
(so JIT and GC win over the code that triggered them, and application code over the runtime under it).
"""
import sys, subprocess, collections
rules = [
 ("jit", ["libclrjit"]),
 ("gc", ["gc_heap", "WKS::", "SVR::", "GCHeap", "memset", "Alloc"]),
 ("ingest parse/validate", ["PointBatchParser", "PointValidator", "FastApiIngestParser", "NameRules", "NameCache", "SeriesGrouper", "System.Text.Json"]),
 ("ingest pipeline/limits", ["IngestPipeline", "SeriesAdmission", "CallerRateLimiter", "IngestBackPressure", "SeriesSender"]),
 ("grain fold", ["SeriesWindow", "VariantWindow", "BucketRing", "BucketChunk"]),
 ("journal/npgsql", ["Npgsql", "PointJournal", "JournalRowGroup", "GroupCommitQueue"]),
 ("orleans serialization", ["Orleans.Serialization", "Codec_", "OrleansCodeGen"]),
 ("orleans messaging/runtime", ["Orleans"]),
 ("kestrel/aspnet", ["Kestrel", "Microsoft.AspNetCore", "System.IO.Pipelines"]),
 ("json write (answer)", ["Utf8JsonWriter", "JsonSerializer"]),
 ("sockets/kernel net", ["System.Net.Sockets", "tcp_", "sock_", "__sys_sendto", "__sys_recvfrom", "ip_", "skb", "epoll"]),
 ("threadpool/tasks", ["ThreadPool", "System.Threading.Tasks", "PortableThreadPool", "WorkerThread", "LowLevelLifoSemaphore", "futex"]),
]
spin = ["LowLevelLifoSemaphore", "LowLevelSpinWaiter", "SpinWait", "futex", "WaitForSignal", "Thread::Sleep", "sched_yield", "PAL_", "WaitHandle"]
def classify(frames):
    # Waiting/spinning near the leaf wins; else the highest-priority category anywhere on the stack.
    for f in frames[:6]:
        for p in spin:
            if p in f: return "threadpool spin/wait"
    for name, pats in rules:
        for f in frames:
            for p in pats:
                if p in f: return name
    return None
def main(path):
    out = subprocess.run(["perf","script","-i",path,"-F","comm,tid,ip,sym,dso"],capture_output=True,text=True).stdout
    counts=collections.Counter(); total=0; leafdso=collections.Counter()
    frames=[]
    def flush():
        nonlocal total
        if not frames: return
        total+=1
        c=classify(frames)
        if c is None:
            d=frames[0]
            c="other: "+("kernel" if "kernel" in d else ("coreclr" if "coreclr" in d else ("jitted" if "JIT" in d or "perf-" in d else d.split()[-1][:40])))
        counts[c]+=1
    for line in out.splitlines():
        if not line.strip():
            flush(); frames=[]; continue
        if line[0] not in " \t":
            flush(); frames=[]; continue
        frames.append(line.strip())
    flush()
    print(f"{path}: {total} samples")
    for k,v in counts.most_common(): print(f"  {100*v/total:5.1f}%  {k}")
main(sys.argv[1])
