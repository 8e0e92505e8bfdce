using System.Net;
using CsCheck;
using IgdLab.Igd.Gena;
using IgdLab.TestUtilities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>
/// Random and mutated SUBSCRIBE and UNSUBSCRIBE headers through the publisher's header parsers and its request
/// handler, in memory: whatever a control point sends, the publisher answers with a GENA status and never throws.
/// </summary>
public sealed class GenaRequestFuzzTests
{
    private const long Iterations = 20_000;
    private const string EventPath = "/evt/IPConn";

    // The subscriber; the callbacks below name another address, so no subscription is made and no NOTIFY is sent.
    private static readonly IPAddress Subscriber = IPAddress.Parse("127.0.0.9");

    private static readonly string[] Callbacks =
    [
        "<http://127.0.0.5:4000/cb>", "<http://127.0.0.5:4000/a> <http://127.0.0.5:4001/b>", "<http://[::ffff:127.0.0.5]/>",
        "<http://localhost/cb>", "<https://127.0.0.5/cb>", "http://127.0.0.5/cb", "<http://127.0.0.5/cb",
    ];

    private static readonly string[] HeaderFragments =
    [
        "<", ">", "<http://", "://", "[", "]", "%", "@", " ", "\t", ",", "uuid:", "Second-", "infinite", "-1", "99999999999", "\u00E9", "\0",
    ];

    private static readonly Gen<string> CallbackHeaders = Gen.OneOf(FuzzInputs.Mutated(Callbacks, HeaderFragments), Gen.String[0, 80]);

    private static readonly Gen<string> TimeoutHeaders =
        Gen.OneOf(FuzzInputs.Mutated(["Second-1800", "Second-300", "Second-infinite", "second-4294967296"], HeaderFragments), Gen.String[0, 30]);

    [Test]
    public void CallbackHeader_AnyText_IsHttpUrlsOrRefused()
    {
        CallbackHeaders.Sample(header =>
        {
            if (!GenaCallbacks.TryParse(header, out var callbacks))
            {
                return callbacks.Count == 0;
            }

            // The CallStranger check only ever answers, whatever the URLs; none of these names the subscriber.
            return callbacks.Count > 0
                && callbacks.All(url => url.IsAbsoluteUri && url.Scheme == Uri.UriSchemeHttp)
                && (!GenaCallbacks.AllPointAt(callbacks, Subscriber) || header.Contains("127.0.0.9", StringComparison.Ordinal));
        }, iter: Iterations, print: FuzzInputs.Show);
    }

    [Test]
    public void TimeoutHeader_AnyText_GrantsAtLeastTheMinimum()
    {
        TimeoutHeaders.Sample(header => GenaTimeout.Grant(header) >= GenaTimeout.MinimumSeconds, iter: Iterations, print: FuzzInputs.Show);
        Gen.Int[0, int.MaxValue].Sample(
            seconds => GenaTimeout.Grant(GenaTimeout.Format(seconds)) == Math.Max(seconds, GenaTimeout.MinimumSeconds), iter: Iterations);
    }

    [Test]
    public async Task HandleAsync_AnyHeaders_AnswersWithAGenaStatus()
    {
        await using var publisher = new GenaPublisher(new FakeTimeProvider(), NullLogger.Instance, IPAddress.Parse("127.0.0.1"), "IgdLab/1.0 UPnP/1.1");
        publisher.RegisterService(EventPath, () => [KeyValuePair.Create("ExternalIPAddress", "127.0.0.3")]);
        var absent = Gen.Const((string?)null);
        var requests = Gen.Select(
            Gen.OneOf("SUBSCRIBE", "UNSUBSCRIBE", "subscribe", "GET", "NOTIFY"),
            Gen.OneOf(EventPath, "/evt/Other", EventPath + "/", ""),
            Gen.OneOf(absent, Gen.OneOf<string?>("uuid:5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a50", "", " "), Gen.String[0, 40].Select(s => (string?)s)),
            Gen.OneOf(absent, Gen.OneOf<string?>("upnp:event", "upnp:propchange", ""), Gen.String[0, 20].Select(s => (string?)s)),
            Gen.OneOf(absent, CallbackHeaders.Select(s => (string?)s)),
            Gen.OneOf(absent, TimeoutHeaders.Select(s => (string?)s)));

        requests.Sample((method, path, sid, nt, callback, timeout) =>
        {
            var context = new DefaultHttpContext();
            context.Request.Method = method;
            context.Request.Path = path.Length == 0 ? PathString.Empty : new PathString(path);
            context.Connection.RemoteIpAddress = Subscriber;
            AddHeader(context, "SID", sid);
            AddHeader(context, "NT", nt);
            AddHeader(context, "CALLBACK", callback);
            AddHeader(context, "TIMEOUT", timeout);

            publisher.HandleAsync(context).GetAwaiter().GetResult();

            var status = context.Response.StatusCode;
            return status switch
            {
                StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow == "SUBSCRIBE, UNSUBSCRIBE",
                StatusCodes.Status404NotFound => path != EventPath,
                StatusCodes.Status400BadRequest or StatusCodes.Status412PreconditionFailed => true,
                StatusCodes.Status200OK => publisher.SubscriptionCount > 0,
                _ => false,
            };
        }, iter: Iterations, threads: 1);
    }

    private static void AddHeader(HttpContext context, string name, string? value)
    {
        if (value is not null)
        {
            context.Request.Headers[name] = value;
        }
    }
}
