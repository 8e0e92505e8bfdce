using System.Globalization;

namespace IgdLab.Emulator.Databases;

/// <summary>
/// A process as "pid start-time" (the start time in clock ticks since boot, field 22 of <c>/proc/PID/stat</c>), so that
/// a process id the kernel handed out again does not pass for the process that wrote it.
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>This process.</summary>
    public static string Current { get; } = Of(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the process <paramref name="identity"/> names still runs; true for text it cannot read, to be safe.</summary>
    public static bool IsRunning(string identity)
    {
        var parts = identity.Trim().Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return true;
        }

        return Of(pid) == identity.Trim();
    }

    private static string? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name, in parentheses, may hold spaces and parentheses itself: the fields count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {fields[19]}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
