using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Sends SOAP action calls to a router: one compact POST per attempt with a TimeProvider-driven timeout covering connect,
/// send and the whole answer, a cap on the answer's size, and the retry policy of <see cref="SoapRetryPipeline"/>.
/// </summary>
internal sealed partial class SoapInvoker
{
    private const string ContentType = "text/xml; charset=\"utf-8\"";
    private const string UserAgent = "UPnP/1.1 " + DeviceAssembly.ProductToken;

    private readonly HttpClient _http;
    private readonly UpnpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retrying;
    private readonly ResiliencePipeline _retryingTransportOnly;

    public SoapInvoker(HttpClient http, UpnpClientOptions options, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _retrying = SoapRetryPipeline.Create(options, time, retryActionFailed: true, LogRetry);
        _retryingTransportOnly = SoapRetryPipeline.Create(options, time, retryActionFailed: false, LogRetry);
    }

    /// <summary>Calls the action, retrying as <paramref name="call"/> allows.</summary>
    /// <exception cref="UpnpErrorException">The router answered with a UPnP error.</exception>
    /// <exception cref="UpnpTransportException">No usable answer, after the retries.</exception>
    public async Task<SoapOutArguments> InvokeAsync(SoapCall call, CancellationToken cancellationToken)
    {
        if (!call.Retry)
        {
            return await SendOnceAsync(call, cancellationToken);
        }

        var pipeline = call.RetryActionFailed ? _retrying : _retryingTransportOnly;
        var attempt = new AttemptState(this, call);
        return await pipeline.ExecuteAsync(static (state, token) => state.RunAsync(token), attempt, cancellationToken);
    }

    /// <summary>One attempt: POST, read the capped answer, decode it.</summary>
    private async ValueTask<SoapOutArguments> SendOnceAsync(SoapCall call, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(SoapRequestWriter.Write(call.ServiceType, call.Action, call.Arguments));
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, call.ControlUrl)
        {
            Content = content,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{call.ServiceType}#{call.Action}\"");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var answer = await ReadCappedAsync(response.Content, call, response.StatusCode, linked.Token);
            return SoapResponseReader.Read(answer, response.StatusCode, MediaTypeOf(response.Content.Headers), call);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UpnpTransportException(
                UpnpTransportFailure.Timeout, call.Action, call.ControlUrl, $"no complete answer within {_options.Timeout.TotalMilliseconds:0} ms", innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw Classify(ex, call);
        }
        catch (IOException ex)
        {
            throw new UpnpTransportException(
                UpnpTransportFailure.ConnectionLost, call.Action, call.ControlUrl, $"the connection broke while reading the answer: {ex.Message}", innerException: ex);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpContent content, SoapCall call, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } announced && announced > limit)
        {
            throw TooLarge(call, status, $"the answer announces {announced} bytes, more than the {limit}-byte limit");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(call, status, $"the answer exceeds the {limit}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? MediaTypeOf(HttpContentHeaders headers)
    {
        try
        {
            return headers.ContentType?.MediaType;
        }
        catch (FormatException)
        {
            // A Content-Type the parser rejects is still not XML: report it as it came.
            return headers.TryGetValues("Content-Type", out var raw) ? string.Join(", ", raw) : "(unreadable)";
        }
    }

    private static UpnpTransportException Classify(HttpRequestException ex, SoapCall call)
    {
        var (failure, what) = ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError => (UpnpTransportFailure.ConnectFailed, "cannot connect"),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => (UpnpTransportFailure.MalformedResponse, "the answer is not valid HTTP"),
            HttpRequestError.ConfigurationLimitExceeded => (UpnpTransportFailure.ResponseTooLarge, "the answer's headers are too large"),
            _ => (UpnpTransportFailure.ConnectionLost, "the connection broke"),
        };
        return new UpnpTransportException(failure, call.Action, call.ControlUrl, $"{what}: {ex.Message}", innerException: ex);
    }

    private static UpnpTransportException TooLarge(SoapCall call, HttpStatusCode status, string detail) =>
        new(UpnpTransportFailure.ResponseTooLarge, call.Action, call.ControlUrl, detail, status);

    private void LogRetry(Exception? failure, int attemptNumber, TimeSpan delay) =>
        LogRetrying(failure switch
        {
            UpnpTransportException t => t.Action,
            UpnpErrorException u => u.Action,
            _ => "SOAP call",
        }, attemptNumber + 1, delay.TotalMilliseconds, failure?.Message ?? "");

    /// <summary>The state of one retried call: whether an earlier attempt may have been carried out.</summary>
    private sealed class AttemptState(SoapInvoker invoker, SoapCall call)
    {
        private bool _outcomeUnknown;

        public async ValueTask<SoapOutArguments> RunAsync(CancellationToken cancellationToken)
        {
            if (_outcomeUnknown && call.OutcomeProbe is { } probe && await invoker.ProbeAsync(call, probe, cancellationToken) is { } done)
            {
                return done;
            }

            try
            {
                return await invoker.SendOnceAsync(call, cancellationToken);
            }
            catch (UpnpTransportException ex) when (ex.RequestMayHaveBeenProcessed)
            {
                _outcomeUnknown = true;
                throw;
            }
        }
    }

    private async ValueTask<SoapOutArguments?> ProbeAsync(
        SoapCall call, Func<CancellationToken, ValueTask<SoapOutArguments?>> probe, CancellationToken cancellationToken)
    {
        try
        {
            var done = await probe(cancellationToken);
            LogProbed(call.Action, done is not null);
            return done;
        }
        catch (Exception ex) when (ex is UpnpTransportException or UpnpErrorException)
        {
            // The check itself failed; sending the action again is the only way forward.
            LogProbeFailed(call.Action, ex.Message);
            return null;
        }
    }
}
