using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.CodecBenchmarks).Assembly).Run(args);
