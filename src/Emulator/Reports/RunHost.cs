using System.Reflection;
using System.Runtime.InteropServices;

namespace IgdLab.Emulator.Reports;

/// <summary>Where and with what a run was made: what a reader needs before comparing its figures with another run's.</summary>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="Version">The igdlab version, e.g. <c>1.0.0</c>.</param>
/// <param name="Commit">The git commit igdlab was built from; null when the build did not record one.</param>
/// <param name="ProcessorCount">The processors the run could use (the runs share them).</param>
/// <param name="OperatingSystem">The operating system, e.g. <c>Debian GNU/Linux 12 (bookworm)</c>.</param>
/// <param name="Runtime">The .NET runtime, e.g. <c>.NET 10.0.0</c>.</param>
public sealed record RunHost(DateTimeOffset StartedAt, string Version, string? Commit, int ProcessorCount, string OperatingSystem, string Runtime)
{
    /// <summary>This process's host, with the run started at <paramref name="startedAt"/>.</summary>
    public static RunHost Current(DateTimeOffset startedAt)
    {
        var informational = typeof(RunHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var (version, commit) = SplitVersion(informational);
        return new RunHost(
            startedAt.ToUniversalTime(),
            version,
            commit,
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription);
    }

    /// <summary>
    /// Splits an informational version into the version and the commit the SDK appends after a <c>+</c> (source link
    /// records the repository's HEAD at build time): <c>1.0.0+875475da…</c> → (<c>1.0.0</c>, <c>875475da…</c>).
    /// </summary>
    public static (string Version, string? Commit) SplitVersion(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return (informationalVersion.Length > 0 ? informationalVersion : "unknown", null);
        }

        var commit = informationalVersion[(plus + 1)..];
        return (informationalVersion[..plus], commit.Length > 0 ? commit : null);
    }
}
