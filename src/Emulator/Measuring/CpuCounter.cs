using System.Diagnostics;
using System.Globalization;

namespace IgdLab.Emulator.Measuring;

/// <summary>Cumulative CPU time: how much of it was busy, of how much there was (same unit for both).</summary>
internal readonly record struct CpuTimes(double Busy, double Total)
{
    /// <summary>The busy share of the CPU time between <paramref name="earlier"/> and this reading; null when none passed.</summary>
    public double? BusyShareSince(CpuTimes earlier)
    {
        var total = Total - earlier.Total;
        return total > 0 ? Math.Clamp((Busy - earlier.Busy) / total, 0, 1) : null;
    }
}

/// <summary>A source of cumulative CPU times, read at the start and end of each window.</summary>
internal interface ICpuCounter
{
    /// <summary>What the times cover: <see cref="CpuScope.Machine"/> or <see cref="CpuScope.Process"/>.</summary>
    CpuScope Scope { get; }

    /// <summary>The CPU times so far; null when they cannot be read.</summary>
    CpuTimes? Read();
}

/// <summary>What a CPU figure covers.</summary>
public enum CpuScope
{
    /// <summary>Every process on the machine (Linux <c>/proc/stat</c>): another job's load counts too.</summary>
    Machine,

    /// <summary>This process only, as a share of all cores (where <c>/proc/stat</c> cannot be read).</summary>
    Process,
}

/// <summary>The CPU counter for the machine this runs on: <c>/proc/stat</c> where it can be read, else this process.</summary>
internal static class CpuCounters
{
    public static ICpuCounter ForThisMachine(TimeProvider clock)
    {
        var machine = new ProcStatCpuCounter(() => File.ReadAllText("/proc/stat"));
        return machine.Read() is null ? new ProcessCpuCounter(clock) : machine;
    }
}

/// <summary>
/// The whole machine's CPU times from the first line of Linux's <c>/proc/stat</c> (clock ticks since boot, all
/// cores): busy is user + nice + system + irq + softirq + steal; idle and iowait are not (a core waiting for I/O could
/// have run something else).
/// </summary>
internal sealed class ProcStatCpuCounter(Func<string> readStat) : ICpuCounter
{
    public CpuScope Scope => CpuScope.Machine;

    public CpuTimes? Read()
    {
        string text;
        try
        {
            text = readStat();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>The aggregate <c>cpu</c> line of <paramref name="stat"/>; null when it has none or it is malformed.</summary>
    public static CpuTimes? Parse(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var line = stat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray() ?? [];
        if (fields.Length < 4)
        {
            return null;
        }

        // user nice system idle [iowait irq softirq steal [guest guest_nice]]; guest time is already in user.
        var ticks = new double[Math.Min(fields.Length, 8)];
        for (var i = 0; i < ticks.Length; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out ticks[i]))
            {
                return null;
            }
        }

        var total = ticks.Sum();
        var idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
        return new CpuTimes(total - idle, total);
    }
}

/// <summary>This process's CPU time against the wall time of all cores since it was created.</summary>
internal sealed class ProcessCpuCounter(TimeProvider clock) : ICpuCounter
{
    private readonly long _created = clock.GetTimestamp();

    public CpuScope Scope => CpuScope.Process;

    public CpuTimes? Read()
    {
        using var process = Process.GetCurrentProcess();
        var busy = process.TotalProcessorTime.TotalSeconds;
        var wall = clock.GetElapsedTime(_created).TotalSeconds;
        return new CpuTimes(busy, wall * Environment.ProcessorCount);
    }
}
