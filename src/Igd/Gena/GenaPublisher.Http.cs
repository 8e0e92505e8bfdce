using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace IgdLab.Igd.Gena;

/// <summary>The SUBSCRIBE and UNSUBSCRIBE side of the publisher.</summary>
internal sealed partial class GenaPublisher
{
    private const string SubscribeMethod = "SUBSCRIBE";
    private const string UnsubscribeMethod = "UNSUBSCRIBE";
    private const string CallbackHeader = "CALLBACK";
    private const string NtHeader = "NT";
    private const string SidHeader = "SID";
    private const string TimeoutHeader = "TIMEOUT";
    private const string EventNt = "upnp:event";

    /// <summary>
    /// Answers a SUBSCRIBE (new or renewal) or UNSUBSCRIBE for a registered event path; after a new subscription's reply
    /// has been sent, its sender loop starts with the initial event.
    /// </summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = (context.Request.PathBase + context.Request.Path).Value ?? "";
        GenaService? service;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            service = _services.GetValueOrDefault(path);
        }

        var response = context.Response;
        response.Headers.Server = _serverHeader;
        response.ContentLength = 0;
        if (service is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var method = context.Request.Method;
        if (string.Equals(method, SubscribeMethod, StringComparison.Ordinal))
        {
            var created = Subscribe(context, service);
            if (created is not null)
            {
                // UDA: the initial event follows the SUBSCRIBE reply, so flush the reply before the loop may send it.
                try
                {
                    await response.CompleteAsync();
                }
                finally
                {
                    StartSender(created);
                }
            }
        }
        else if (string.Equals(method, UnsubscribeMethod, StringComparison.Ordinal))
        {
            Unsubscribe(context, service);
        }
        else
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = $"{SubscribeMethod}, {UnsubscribeMethod}";
        }
    }

    /// <returns>The new subscription whose sender must start once the reply is out; null for renewals and errors.</returns>
    private GenaSubscription? Subscribe(HttpContext context, GenaService service)
    {
        var headers = context.Request.Headers;
        var remote = context.Connection.RemoteIpAddress;
        if (headers.ContainsKey(SidHeader))
        {
            if (headers.ContainsKey(CallbackHeader) || headers.ContainsKey(NtHeader))
            {
                Reject(context, StatusCodes.Status400BadRequest, "SID together with CALLBACK or NT");
                return null;
            }

            Renew(context, service, headers[SidHeader].ToString().Trim());
            return null;
        }

        if (!string.Equals(headers[NtHeader].ToString().Trim(), EventNt, StringComparison.Ordinal))
        {
            Reject(context, StatusCodes.Status412PreconditionFailed, "NT is not upnp:event");
            return null;
        }

        if (!GenaCallbacks.TryParse(headers[CallbackHeader].ToString(), out var callbacks))
        {
            Reject(context, StatusCodes.Status412PreconditionFailed, "missing or invalid CALLBACK");
            return null;
        }

        if (!GenaCallbacks.AllPointAt(callbacks, remote))
        {
            LogCallbackRefused(remote?.ToString() ?? "?", service.EventPath, headers[CallbackHeader].ToString());
            Reject(context, StatusCodes.Status412PreconditionFailed, "CALLBACK is not the subscriber's own address");
            return null;
        }

        var seconds = GenaTimeout.Grant(headers[TimeoutHeader].ToString());
        var now = _time.GetUtcNow();
        var subscription = new GenaSubscription(
            "uuid:" + Guid.NewGuid().ToString("D"),
            service,
            callbacks,
            now.AddSeconds(seconds),
            QueueCapacity,
            dropped => OnDropped(service.EventPath, dropped));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _subscriptions.Add(subscription.Sid, subscription);
            ScheduleExpiryLocked(now);
        }

        LogSubscribed(subscription.Sid, service.EventPath, string.Join(' ', callbacks), seconds);
        Accept(context, subscription.Sid, seconds);
        return subscription;
    }

    private void Renew(HttpContext context, GenaService service, string sid)
    {
        var seconds = GenaTimeout.Grant(context.Request.Headers[TimeoutHeader].ToString());
        var now = _time.GetUtcNow();
        var found = false;
        lock (_gate)
        {
            if (TryFindLiveLocked(sid, service, now, out var subscription))
            {
                found = true;
                subscription.ExpiresAt = now.AddSeconds(seconds);
                ScheduleExpiryLocked(now);
            }
        }

        if (!found)
        {
            Reject(context, StatusCodes.Status412PreconditionFailed, "unknown or expired SID");
            return;
        }

        LogRenewed(sid, service.EventPath, seconds);
        Accept(context, sid, seconds);
    }

    private void Unsubscribe(HttpContext context, GenaService service)
    {
        var headers = context.Request.Headers;
        if (!headers.ContainsKey(SidHeader))
        {
            Reject(context, StatusCodes.Status412PreconditionFailed, "UNSUBSCRIBE without SID");
            return;
        }

        if (headers.ContainsKey(CallbackHeader) || headers.ContainsKey(NtHeader))
        {
            Reject(context, StatusCodes.Status400BadRequest, "SID together with CALLBACK or NT");
            return;
        }

        var sid = headers[SidHeader].ToString().Trim();
        var now = _time.GetUtcNow();
        GenaSubscription? subscription;
        lock (_gate)
        {
            if (TryFindLiveLocked(sid, service, now, out subscription))
            {
                _subscriptions.Remove(sid);
                ScheduleExpiryLocked(now);
            }
        }

        if (subscription is null)
        {
            Reject(context, StatusCodes.Status412PreconditionFailed, "unknown or expired SID");
            return;
        }

        subscription.Stop();
        LogUnsubscribed(sid, service.EventPath);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private bool TryFindLiveLocked(
        string sid,
        GenaService service,
        DateTimeOffset now,
        [NotNullWhen(true)] out GenaSubscription? subscription)
    {
        // A SID of another service is as unknown here as a made-up one.
        if (_subscriptions.TryGetValue(sid, out var found) && found.ExpiresAt > now && ReferenceEquals(found.Service, service))
        {
            subscription = found;
            return true;
        }

        subscription = null;
        return false;
    }

    private static void Accept(HttpContext context, string sid, int seconds)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers[SidHeader] = sid;
        context.Response.Headers[TimeoutHeader] = GenaTimeout.Format(seconds);
    }

    private void Reject(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        LogRejected(context.Request.Method, context.Request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "?", status, reason);
    }
}
