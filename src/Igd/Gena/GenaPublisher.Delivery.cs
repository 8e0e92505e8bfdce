using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Gena;

/// <summary>The NOTIFY side of the publisher: one sender loop per subscription, HTTP from the LAN address.</summary>
internal sealed partial class GenaPublisher
{
    private static readonly HttpMethod NotifyMethod = new("NOTIFY");

    private void StartSender(GenaSubscription subscription)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                // Disposal already stopped it and may have released the HTTP client; there is nobody to send to.
                subscription.Dispose();
                return;
            }

            var sender = Task.Run(() => RunSenderAsync(subscription));
            _senders[subscription] = sender;
            _ = sender.ContinueWith(
                _ =>
                {
                    _senders.TryRemove(subscription, out Task? _);
                    subscription.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task RunSenderAsync(GenaSubscription subscription)
    {
        var stopping = subscription.Stopping;
        try
        {
            await SendInitialEventAsync(subscription, stopping);
            await foreach (var notification in subscription.Pending.ReadAllAsync(stopping))
            {
                await DeliverAsync(subscription, notification, stopping);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Unsubscribed, expired, cleared or disposed: whatever was still queued is for nobody.
        }
        catch (Exception ex)
        {
            LogSenderFailed(subscription.Sid, ex);
        }
    }

    private async Task SendInitialEventAsync(GenaSubscription subscription, CancellationToken stopping)
    {
        // Read the values only now, outside the publisher's lock: the reader may take the caller's own lock, and that
        // caller may be inside Publish. Changes published since the subscription was added are already queued behind
        // this event, so the subscriber may hear a value twice but never misses one.
        string body;
        try
        {
            body = GenaPropertySet.Build(subscription.Service.CurrentVariables());
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _notificationFailures);
            LogInitialValuesFailed(subscription.Sid, subscription.Service.EventPath, ex);
            return;
        }

        await DeliverAsync(subscription, new GenaNotification(GenaSequence.Initial, body), stopping);
    }

    /// <summary>Tries the callbacks in order until one answers 2xx; the SEQ is spent either way, so a gap tells the subscriber it missed an event.</summary>
    private async Task DeliverAsync(GenaSubscription subscription, GenaNotification notification, CancellationToken stopping)
    {
        foreach (var callback in subscription.Callbacks)
        {
            stopping.ThrowIfCancellationRequested();
            using var timeout = new CancellationTokenSource(_notifyTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
            try
            {
                using var request = CreateNotify(callback, subscription.Sid, notification);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _notificationsSent);
                    LogDelivered(subscription.Sid, notification.Sequence, callback);
                    return;
                }

                LogNotifyRefused(subscription.Sid, notification.Sequence, callback, (int)response.StatusCode);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogNotifyAttemptFailed(subscription.Sid, notification.Sequence, callback, ex.Message);
            }
        }

        Interlocked.Increment(ref _notificationFailures);
        LogUndeliverable(subscription.Sid, notification.Sequence);
    }

    private static HttpRequestMessage CreateNotify(Uri callback, string sid, GenaNotification notification)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(notification.Body));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=\"utf-8\"");
        var request = new HttpRequestMessage(NotifyMethod, callback)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        // HOST and CONTENT-LENGTH come from HttpClient. Like miniupnpd, one connection per NOTIFY: control points
        // often run minimal HTTP servers that do not expect keep-alive.
        request.Headers.TryAddWithoutValidation("NT", "upnp:event");
        request.Headers.TryAddWithoutValidation("NTS", "upnp:propchange");
        request.Headers.TryAddWithoutValidation("SID", sid);
        request.Headers.TryAddWithoutValidation("SEQ", notification.Sequence.ToString(CultureInfo.InvariantCulture));
        request.Headers.ConnectionClose = true;
        return request;
    }

    private void OnDropped(string eventPath, GenaNotification dropped)
    {
        Interlocked.Increment(ref _notificationFailures);
        LogDropped(eventPath, dropped.Sequence);
    }

    private static HttpClient CreateNotifyClient(IPAddress lanAddress, IInProcessNetwork? network)
    {
        var handler = new SocketsHttpHandler
        {
            // A proxy or a redirect would carry NOTIFYs to hosts the CallStranger check never saw.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            // A callback server offered on the in-process network gets its NOTIFY in memory, from the router's LAN address.
            ConnectCallback = (context, cancellationToken) =>
                network?.TryConnect(context.DnsEndPoint, lanAddress) is { } inMemory
                    ? ValueTask.FromResult(inMemory)
                    : ConnectFromAsync(lanAddress, context.DnsEndPoint, cancellationToken),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress lanAddress, DnsEndPoint target, CancellationToken cancellationToken)
    {
        // Callbacks are vetted to be literal IPs; refusing names here keeps DNS out of the picture entirely.
        if (!IPAddress.TryParse(target.Host, out var address))
        {
            throw new HttpRequestException($"NOTIFY target '{target.Host}' is not a literal IP address.");
        }

        var socket = new Socket(lanAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(lanAddress, 0));
            await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
