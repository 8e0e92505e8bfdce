using System.Globalization;
using System.Runtime;

namespace IgdLab.Benchmarks;

/// <summary>
/// What the process (load generator, gateway and device alike) and the whole machine used between two moments: CPU
/// time, JIT compilation time, managed allocations and garbage collections. The machine's CPU time shows whether
/// other processes competed for the cores during a measurement.
/// </summary>
internal readonly record struct ResourceUse(
    TimeSpan CpuTime, TimeSpan? MachineCpuTime, TimeSpan JitTime, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    private const string ProcStat = "/proc/stat";

    // USER_HZ: the unit of /proc/stat, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The totals so far.</summary>
    public static ResourceUse Now() => new(
        Environment.CpuUsage.TotalTime,
        MachineBusyTime(),
        JitInfo.GetCompilationTime(),
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    /// <summary>The use between <paramref name="earlier"/> and now.</summary>
    public static ResourceUse Since(ResourceUse earlier)
    {
        var now = Now();
        return new ResourceUse(
            now.CpuTime - earlier.CpuTime,
            now.MachineCpuTime - earlier.MachineCpuTime,
            now.JitTime - earlier.JitTime,
            now.AllocatedBytes - earlier.AllocatedBytes,
            now.Gen0 - earlier.Gen0,
            now.Gen1 - earlier.Gen1,
            now.Gen2 - earlier.Gen2);
    }

    /// <summary>Collections as gen0/gen1/gen2.</summary>
    public string Collections => $"{Gen0}/{Gen1}/{Gen2}";

    /// <summary>This process's CPU time as a percentage of one core over <paramref name="wallTime"/> (2 cores top out at 200).</summary>
    public double CpuPercent(TimeSpan wallTime) => wallTime > TimeSpan.Zero ? CpuTime / wallTime * 100 : 0;

    /// <summary>Other processes' CPU time in percent of one core over <paramref name="wallTime"/>; "n/a" off Linux.</summary>
    public string OthersCpuPercent(TimeSpan wallTime)
    {
        if (MachineCpuTime is not { } machine || wallTime <= TimeSpan.Zero)
        {
            return "n/a";
        }

        var others = Math.Max(0, (machine - CpuTime) / wallTime * 100);
        return others.ToString("F0", CultureInfo.InvariantCulture);
    }

    /// <summary>Busy CPU time of all cores since boot (user, nice, system, irq, softirq, steal), from /proc/stat.</summary>
    private static TimeSpan? MachineBusyTime()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(ProcStat))
        {
            return null;
        }

        using var reader = new StreamReader(ProcStat);
        var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: > 8 } || fields[0] != "cpu")
        {
            return null;
        }

        // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        foreach (var index in (int[])[1, 2, 3, 6, 7, 8])
        {
            busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
        }

        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
