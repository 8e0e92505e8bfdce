using System.Diagnostics;
using System.Text;

namespace IgdLab.TestUtilities;

/// <summary>The outcome of an external command.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Combined => StandardOutput + StandardError;
}

/// <summary>Runs external programs (upnpc, ip, nft) with a hard timeout, capturing their output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and waits at most <paramref name="timeout"/> (the process is killed after it).</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ProcessResult(-1, await stdout, await stderr + $"\n[killed after {timeout.TotalSeconds} s]");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

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
