using System.Diagnostics;
using IgdLab.TestUtilities;

namespace IgdLab.CliTestUtilities;

/// <summary>
/// Runs the real <c>igdlab</c> executable (built next to the tests) as a child process, e.g. <c>igdlab serve</c>,
/// and reads the <c>key: value</c> lines it prints at start.
/// </summary>
public sealed class IgdlabProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, string> _startLines = new(StringComparer.Ordinal);
    private readonly List<string> _output = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiting = [];
    private bool _disposed;

    private IgdlabProcess(Process process) => _process = process;

    /// <summary>What the process printed at start, by key (<c>description</c>, <c>ssdp</c>, <c>control</c>, <c>wan</c>).</summary>
    public IReadOnlyDictionary<string, string> StartLines => _startLines;

    /// <summary>Everything printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The exit code, once the process ended by itself or after <see cref="DisposeAsync"/>; null while it runs or when it had to be killed.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The path of igdlab.dll in the test's output folder.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "igdlab.dll");

    /// <summary>
    /// Starts <c>[prefix...] dotnet igdlab.dll args</c> and waits until it printed every key of <paramref name="waitFor"/>.
    /// <paramref name="prefix"/> runs it through another program, e.g. <c>ip netns exec NS</c>.
    /// </summary>
    public static async Task<IgdlabProcess> StartAsync(
        IEnumerable<string> arguments, IEnumerable<string> waitFor, TimeSpan timeout, IReadOnlyList<string>? prefix = null)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var command = (prefix ?? []).Concat([dotnet, DllPath]).Concat(arguments).ToList();
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start igdlab");
        var wrapper = new IgdlabProcess(process);
        var wanted = waitFor.ToHashSet(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => wrapper.OnLine(e.Data, wanted, ready);
        process.ErrorDataReceived += (_, e) => wrapper.OnLine(e.Data, [], null);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"igdlab exited early:\n{wrapper.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (wanted.Count == 0)
        {
            ready.TrySetResult();
        }

        try
        {
            await ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await wrapper.DisposeAsync();
            throw new TimeoutException($"igdlab did not print {string.Join(", ", wanted)} within {timeout.TotalSeconds} s:\n{wrapper.Output}");
        }

        return wrapper;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. HUP) to the process.</summary>
    public async Task SignalAsync(string signal)
    {
        var result = await ProcessRunner.RunAsync("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} failed: {result.StandardError}");
        }
    }

    /// <summary>
    /// The next line printed (stdout or stderr) from now on that <paramref name="match"/> accepts; with
    /// <paramref name="orPrinted"/>, the first such line printed so far if there is one (stderr and stdout are read
    /// apart, so a line written to one before a line on the other may be read after it).
    /// </summary>
    public Task<string> NextLineAsync(Func<string, bool> match, TimeSpan timeout, bool orPrinted = false)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (orPrinted && _output.FirstOrDefault(match) is { } printed)
            {
                return Task.FromResult(printed);
            }

            _waiting.Add((match, found));
        }

        return WaitAsync();

        async Task<string> WaitAsync()
        {
            try
            {
                return await found.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"igdlab printed no such line within {timeout.TotalSeconds} s:\n{Output}");
            }
        }
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; kills after a grace period. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        // A test may stop the process itself to check its exit, and still hold it in an `await using` for failures.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _ = await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                _process.Dispose();
                return;
            }
        }

        // Waiting again (also when it had exited by itself) drains the redirected output, so Output is complete.
        await _process.WaitForExitAsync(CancellationToken.None);
        ExitCode = _process.ExitCode;
        _process.Dispose();
    }

    private void OnLine(string? line, HashSet<string> wanted, TaskCompletionSource? ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            _waiting.RemoveAll(waiter => waiter.Match(line) && waiter.Found.TrySetResult(line));
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && ready is not null)
            {
                _startLines.TryAdd(line[..colon], line[(colon + 2)..].Trim());
                if (wanted.All(_startLines.ContainsKey))
                {
                    ready.TrySetResult();
                }
            }
        }
    }
}
