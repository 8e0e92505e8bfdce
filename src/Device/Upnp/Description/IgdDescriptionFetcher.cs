using System.Globalization;
using System.Net;
using System.Net.Http;
using IgdLab.Device.Upnp.Http;

namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// Fetches a root description over HTTP and parses it. The GET is bounded by a timeout read from the injected
/// <see cref="TimeProvider"/> and by <see cref="IgdDescriptionParser.MaxDocumentBytes"/>; any Content-Type is
/// accepted (routers send text/plain), any status but 200 is an error.
/// </summary>
public sealed class IgdDescriptionFetcher
{
    private readonly HttpClient _http;
    private readonly DescriptionFetchOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a fetcher over <paramref name="httpClient"/>, which it does not own.</summary>
    /// <param name="httpClient">Usually from <see cref="LocalBoundHttpClientFactory"/>, bound to the device's address.</param>
    /// <param name="options">Null uses the defaults.</param>
    /// <param name="timeProvider">The clock of the timeout; null uses the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public IgdDescriptionFetcher(HttpClient httpClient, DescriptionFetchOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        options ??= new DescriptionFetchOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid description fetch options: " + string.Join("; ", problems), nameof(options));
        }

        _http = httpClient;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Fetches and parses the description at <paramref name="location"/>.</summary>
    /// <exception cref="UpnpDescriptionException">The fetch failed or the document is not a usable IGD description.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IgdDescription> FetchAsync(Uri location, CancellationToken cancellationToken = default)
    {
        var document = await FetchDocumentAsync(location, cancellationToken);
        return IgdDescriptionParser.Parse(document, location);
    }

    /// <summary>Fetches the raw document at <paramref name="location"/> without parsing it.</summary>
    /// <exception cref="UpnpDescriptionException">The fetch failed, timed out, was not 200 OK or was too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<byte[]> FetchDocumentAsync(Uri location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsAbsoluteUri || (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"the description URL {location} is not an absolute http URL", nameof(location));
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, location);
            request.Headers.TryAddWithoutValidation("User-Agent", UpnpUserAgent.Value);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Fail(
                    DescriptionFailure.HttpStatus,
                    location,
                    string.Create(CultureInfo.InvariantCulture, $"answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
            }

            if (response.Content.Headers.ContentLength > IgdDescriptionParser.MaxDocumentBytes)
            {
                throw TooLarge(location, response.Content.Headers.ContentLength.Value);
            }

            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            return await ReadCappedAsync(body, location, linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(
                DescriptionFailure.Timeout,
                location,
                string.Create(CultureInfo.InvariantCulture, $"did not answer within {_options.Timeout.TotalSeconds:0.###} s"),
                e);
        }
        catch (HttpRequestException e)
        {
            throw Fail(DescriptionFailure.FetchFailed, location, $"could not be fetched: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw Fail(DescriptionFailure.FetchFailed, location, $"could not be read: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, Uri location, CancellationToken cancellationToken)
    {
        using var document = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (document.Length + read > IgdDescriptionParser.MaxDocumentBytes)
            {
                throw TooLarge(location, document.Length + read);
            }

            document.Write(buffer, 0, read);
        }

        return document.ToArray();
    }

    private static UpnpDescriptionException TooLarge(Uri location, long size) =>
        Fail(
            DescriptionFailure.TooLarge,
            location,
            string.Create(CultureInfo.InvariantCulture, $"is at least {size} bytes, more than the {IgdDescriptionParser.MaxDocumentBytes} accepted"));

    private static UpnpDescriptionException Fail(DescriptionFailure reason, Uri location, string what, Exception? inner = null) =>
        new(reason, $"the description at {location} {what}", inner) { Location = location };
}
