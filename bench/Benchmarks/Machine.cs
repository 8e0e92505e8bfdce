using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace IgdLab.Benchmarks;

/// <summary>What the figures were measured on, printed before them.</summary>
internal static class Machine
{
    public static void Print(TextWriter output, LoopbackAddresses addresses)
    {
        output.WriteLine("machine");
        output.WriteLine($"  cores      {Environment.ProcessorCount}");
        output.WriteLine($"  cpu        {CpuModel()}");
        output.WriteLine($"  os         {RuntimeInformation.OSDescription}");
        output.WriteLine($"  .net       {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})");
        output.WriteLine($"  gc         {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}");
        output.WriteLine($"  build      {(IsOptimized() ? "optimized (Release)" : "NOT optimized (Debug): the figures are not representative")}");
        output.WriteLine($"  load       {LoadAverage()}");
        output.WriteLine($"  addresses  {addresses.Range} (loopback only)");
    }

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        var line = File.Exists(CpuInfo) ? File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string LoadAverage()
    {
        const string LoadAvg = "/proc/loadavg";
        var fields = File.Exists(LoadAvg) ? File.ReadAllText(LoadAvg).Split(' ') : [];
        return fields.Length >= 3 ? $"{fields[0]} {fields[1]} {fields[2]} (1/5/15 min; above ~0.5 other processes compete for the cores)" : "unknown";
    }

    private static bool IsOptimized() =>
        typeof(Machine).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
}
