using System.Text;
using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.TestUtilities;

/// <summary>Runs external programs (upnpc, ip, nft) with a hard timeout, capturing their output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and waits at most <paramref name="timeout"/> (the process is killed after it).</summary>
    public static Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalPrograms.RunAsync(fileName, arguments, timeout);

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) => ExternalPrograms.FindOnPath(program);

    /// <summary>The path of <paramref name="program"/>, or the test is skipped naming the Debian package that has it.</summary>
    public static string Require(string program, string debianPackage) =>
        FindOnPath(program) ?? Skip<string>($"{program} is not installed (Debian package {debianPackage}); .ci/run installs it");

    private static T Skip<T>(string reason)
    {
        Assert.Ignore(reason);
        return default!;
    }

    /// <summary>Formats a command line for messages.</summary>
    public static string Describe(string fileName, IEnumerable<string> arguments)
    {
        var builder = new StringBuilder(fileName);
        foreach (var argument in arguments)
        {
            builder.Append(' ').Append(argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument);
        }

        return builder.ToString();
    }
}
