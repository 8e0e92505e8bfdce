using System.Text;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>What <see cref="FakeHttpServer"/> answers; <see cref="Hang"/> keeps the connection open without a word.</summary>
internal sealed record FakeHttpResponse(int Status, string? ContentType, byte[] Body, bool WithContentLength = true)
{
    public static readonly FakeHttpResponse Hang = new(0, null, []);

    public static FakeHttpResponse Xml(string body, string contentType = "text/xml") =>
        new(200, contentType, Encoding.UTF8.GetBytes(body));
}
