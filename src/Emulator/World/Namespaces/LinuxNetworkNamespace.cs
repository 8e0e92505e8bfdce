using System.ComponentModel;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace IgdLab.Emulator.World.Namespaces;

/// <summary>
/// A network namespace that IgdLab creates for itself (its own <c>lo</c>, addresses and routes), removed on dispose
/// together with every process still inside. The host's own interfaces are never touched.
/// </summary>
internal sealed class LinuxNetworkNamespace : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static int _counter;

    private LinuxNetworkNamespace(string name, string ip)
    {
        Name = name;
        IpTool = ip;
    }

    /// <summary>The namespace's name (<c>igdlab-…</c>).</summary>
    public string Name { get; }

    /// <summary>The path of <c>ip</c>.</summary>
    public string IpTool { get; }

    /// <summary>The prefix that runs a program inside: <c>ip netns exec NAME</c>.</summary>
    public IReadOnlyList<string> ExecPrefix => [IpTool, "netns", "exec", Name];

    /// <summary>Creates a namespace with <c>lo</c> up.</summary>
    /// <exception cref="NamespaceSetupException"><c>ip</c> is missing, or the namespace could not be made (not root).</exception>
    public static async Task<LinuxNetworkNamespace> CreateAsync(string purpose)
    {
        var ip = ExternalPrograms.FindOnPath("ip") ?? throw new NamespaceSetupException("ip is not installed (Debian package iproute2)");
        var name = $"igdlab-{purpose}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";
        var add = await ExternalPrograms.RunAsync(ip, ["netns", "add", name], CommandTimeout);
        if (add.ExitCode != 0)
        {
            throw new NamespaceSetupException($"cannot create a network namespace here: {add.Combined.Trim()}");
        }

        var ns = new LinuxNetworkNamespace(name, ip);
        try
        {
            await ns.IpAsync("link", "set", "lo", "up");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }

        return ns;
    }

    /// <summary>Runs <c>ip -n NAME args</c>.</summary>
    /// <exception cref="NamespaceSetupException">The command failed.</exception>
    public async Task IpAsync(params string[] arguments)
    {
        var result = await ExternalPrograms.RunAsync(IpTool, ["-n", Name, .. arguments], CommandTimeout);
        if (result.ExitCode != 0)
        {
            throw new NamespaceSetupException($"ip -n {Name} {string.Join(' ', arguments)}: {result.Combined.Trim()}");
        }
    }

    /// <summary>Runs a program inside the namespace.</summary>
    public Task<ProcessResult> ExecAsync(string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalPrograms.RunAsync(IpTool, ["netns", "exec", Name, program, .. arguments], timeout);

    /// <summary>Runs a program inside the namespace and throws when it fails.</summary>
    /// <exception cref="NamespaceSetupException">The program exited with a non-zero code.</exception>
    public async Task<ProcessResult> ExecCheckedAsync(string program, params string[] arguments)
    {
        var result = await ExecAsync(program, arguments, CommandTimeout);
        return result.ExitCode == 0
            ? result
            : throw new NamespaceSetupException($"{program} {string.Join(' ', arguments)} in {Name}: {result.Combined.Trim()}");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh thread that joined the namespace, so every socket it opens belongs to
    /// the namespace (a socket keeps its namespace for life, whichever thread later uses it). The thread ends with the
    /// action: no pooled thread is ever moved. Work after an <c>await</c> inside <paramref name="action"/> runs elsewhere.
    /// </summary>
    /// <exception cref="InvalidOperationException">The thread could not join the namespace, or the action threw.</exception>
    public T RunInside<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var result = default(T);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(Path.Combine("/run/netns", Name)))
                {
                    if (NativeMethods.SetNs((int)handle.DangerousGetHandle(), NativeMethods.CloneNewNet) != 0)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {Name} failed");
                    }
                }

                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {Name}",
        };
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException($"could not run inside {Name}: {failure.Message}", failure);
    }

    /// <summary>A socket of the namespace's network stack.</summary>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        RunInside(() => new Socket(family, type, protocol));

    /// <summary>An <see cref="HttpClient"/> whose connections start inside the namespace (e.g. to query a server that listens there).</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = timeout };

    /// <summary>Kills what still runs inside and deletes the namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        var pids = await ExternalPrograms.RunAsync(IpTool, ["netns", "pids", Name], CommandTimeout);
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await ExternalPrograms.RunAsync("kill", ["-KILL", pid], TimeSpan.FromSeconds(5));
        }

        await ExternalPrograms.RunAsync(IpTool, ["netns", "del", Name], CommandTimeout);
    }

    private static class NativeMethods
    {
        public const int CloneNewNet = 0x40000000;

        [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
        public static extern int SetNs(int fd, int nstype);
    }
}
