using System.Net.Sockets;
using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.TestUtilities;

/// <summary>
/// A network namespace that a test creates for itself, removed on dispose together with every process still inside:
/// the emulator's own <see cref="LinuxNetworkNamespace"/>, with the test's manners — a missing prerequisite skips the
/// test, a failed command fails it.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    internal NetworkNamespace(LinuxNetworkNamespace inner) => Inner = inner;

    /// <summary>The namespace's name (<c>igdlab-…</c>).</summary>
    public string Name => Inner.Name;

    /// <summary>The path of <c>ip</c>.</summary>
    public string IpTool => Inner.IpTool;

    /// <summary>The prefix that runs a program inside: <c>ip netns exec NAME</c>.</summary>
    public IReadOnlyList<string> ExecPrefix => Inner.ExecPrefix;

    internal LinuxNetworkNamespace Inner { get; }

    /// <summary>Creates a namespace with <c>lo</c> up, or skips the test saying what is missing (root, iproute2).</summary>
    public static async Task<NetworkNamespace> CreateAsync(string purpose)
    {
        ProcessRunner.Require("ip", "iproute2");
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            Assert.Ignore("network namespaces need root; run the interop tests as root (CI does)");
        }

        try
        {
            return new NetworkNamespace(await LinuxNetworkNamespace.CreateAsync(purpose));
        }
        catch (NamespaceSetupException ex)
        {
            Assert.Ignore(ex.Message);
            throw;
        }
    }

    /// <summary>Runs <c>ip -n NAME args</c> and fails the test if it fails.</summary>
    public async Task IpAsync(params string[] arguments)
    {
        try
        {
            await Inner.IpAsync(arguments);
        }
        catch (NamespaceSetupException ex)
        {
            Assert.Fail(ex.Message);
        }
    }

    /// <summary>Runs a program inside the namespace.</summary>
    public Task<ProcessResult> ExecAsync(string program, IEnumerable<string> arguments, TimeSpan timeout) => Inner.ExecAsync(program, arguments, timeout);

    /// <inheritdoc cref="LinuxNetworkNamespace.RunInside{T}"/>
    public T RunInside<T>(Func<T> action) => Inner.RunInside(action);

    /// <summary>A TCP socket of the namespace's network stack.</summary>
    public Socket CreateTcpSocket(AddressFamily family = AddressFamily.InterNetwork) => Inner.CreateSocket(family, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>A UDP socket of the namespace's network stack.</summary>
    public Socket CreateUdpSocket(AddressFamily family = AddressFamily.InterNetwork) => Inner.CreateSocket(family, SocketType.Dgram, ProtocolType.Udp);

    /// <summary>An <see cref="HttpClient"/> whose connections start inside the namespace.</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => Inner.CreateHttpClient(timeout);

    /// <summary>Kills what still runs inside and deletes the namespace.</summary>
    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
