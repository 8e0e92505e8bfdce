using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>A probe unit's control channel in miniature, on <see cref="ClientWebSocket"/>, for driving the server in tests.</summary>
internal sealed class ControlTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private ControlTestClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Opens the WebSocket; over wss, the server's certificate must chain to <paramref name="trustedRoots"/> and name the host.</summary>
    public static async Task<ControlTestClient> ConnectAsync(
        Uri controlUrl, string? subProtocol = ControlProtocol.SubProtocol, X509Certificate2Collection? trustedRoots = null)
    {
        var socket = new ClientWebSocket();
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        if (trustedRoots is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, trustedRoots);
        }

        using var timeout = new CancellationTokenSource(Patience, TimeProvider.System);
        await socket.ConnectAsync(controlUrl, timeout.Token);
        return new ControlTestClient(socket);
    }

    /// <summary>Connects, answers the challenge as <paramref name="deviceId"/> with <paramref name="key"/>, and returns the server's answer.</summary>
    public static async Task<(ControlTestClient Client, ControlMessage? Answer)> AuthenticateAsync(
        Uri controlUrl, string deviceId, byte[] key, X509Certificate2Collection? trustedRoots = null)
    {
        var client = await ConnectAsync(controlUrl, trustedRoots: trustedRoots);
        var challenge = (ChallengeMessage)(await client.ReceiveAsync())!;
        var proof = IdentityHandshake.Proof(key, Convert.FromHexString(challenge.Nonce), deviceId);
        await client.SendAsync(new AuthMessage(deviceId, Convert.ToHexStringLower(proof)));
        return (client, await client.ReceiveAsync());
    }

    public Task SendAsync(ControlMessage message) => SendRawAsync(ControlProtocol.Serialize(message));

    public async Task SendRawAsync(byte[] payload, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(Patience, TimeProvider.System);
        await _socket.SendAsync(payload, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message; null when the server closed the channel.</summary>
    public async Task<ControlMessage?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience, TimeProvider.System);
        var buffer = new byte[ControlProtocol.MaxMessageBytes];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
        }
        while (!result.EndOfMessage);

        return ControlProtocol.TryDeserialize(buffer.AsSpan(0, count), out var error) ?? throw new InvalidOperationException(error);
    }

    /// <summary>The next message of type <typeparamref name="T"/>, skipping acks and others.</summary>
    public async Task<T> ReceiveAsync<T>()
        where T : ControlMessage
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"closed while waiting for {typeof(T).Name}");
            if (message is T wanted)
            {
                return wanted;
            }
        }
    }

    // The device side's rule in miniature: the chain ends in one of the roots, and the certificate names the host.
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Patience, TimeProvider.System);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }

        _socket.Dispose();
    }
}
