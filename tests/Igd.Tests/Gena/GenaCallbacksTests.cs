using System.Net;
using IgdLab.Igd.Gena;

namespace IgdLab.Igd.Tests.Gena;

public sealed class GenaCallbacksTests
{
    [Test]
    public void TryParse_OneUrl_ReturnsIt()
    {
        var ok = GenaCallbacks.TryParse("<http://127.72.1.20:5000/cb>", out var urls);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(urls, Is.EqualTo(new[] { new Uri("http://127.72.1.20:5000/cb") }));
        }
    }

    [Test]
    public void TryParse_SeveralUrls_ReturnsThemInOrder()
    {
        var ok = GenaCallbacks.TryParse("<http://10.0.0.2/a><http://10.0.0.2/b> <http://10.0.0.2/c>", out var urls);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(urls.Select(u => u.AbsolutePath), Is.EqualTo(new[] { "/a", "/b", "/c" }));
        }
    }

    [TestCase(null, TestName = "TryParse_Missing_Fails")]
    [TestCase("   ", TestName = "TryParse_Blank_Fails")]
    [TestCase("http://10.0.0.2/cb", TestName = "TryParse_NoAngleBrackets_Fails")]
    [TestCase("<http://10.0.0.2/cb", TestName = "TryParse_UnclosedBracket_Fails")]
    [TestCase("<http://10.0.0.2/a> junk", TestName = "TryParse_TextAfterUrl_Fails")]
    [TestCase("<https://10.0.0.2/cb>", TestName = "TryParse_Https_Fails")]
    [TestCase("</cb>", TestName = "TryParse_RelativeUrl_Fails")]
    [TestCase("<>", TestName = "TryParse_EmptyBrackets_Fails")]
    public void TryParse_Invalid_Fails(string? header) => Assert.That(GenaCallbacks.TryParse(header, out _), Is.False);

    [TestCase("http://127.72.1.20:5000/cb", "127.72.1.20", true, TestName = "AllPointAt_SameIPv4_True")]
    [TestCase("http://127.72.1.20:5000/cb", "::ffff:127.72.1.20", true, TestName = "AllPointAt_SubscriberIPv4Mapped_True")]
    [TestCase("http://[fe80::1]:5000/cb", "fe80::1", true, TestName = "AllPointAt_SameIPv6_True")]
    [TestCase("http://127.72.1.99:5000/cb", "127.72.1.20", false, TestName = "AllPointAt_OtherAddress_False")]
    [TestCase("http://router.example:5000/cb", "127.72.1.20", false, TestName = "AllPointAt_HostName_False")]
    [TestCase("http://localhost:5000/cb", "127.0.0.1", false, TestName = "AllPointAt_Localhost_False")]
    public void AllPointAt_Callback_ComparesLiteralAddress(string url, string subscriber, bool expected) =>
        Assert.That(GenaCallbacks.AllPointAt([new Uri(url)], IPAddress.Parse(subscriber)), Is.EqualTo(expected));

    [Test]
    public void AllPointAt_UnknownSubscriber_False() =>
        Assert.That(GenaCallbacks.AllPointAt([new Uri("http://10.0.0.2/cb")], null), Is.False);

    [Test]
    public void AllPointAt_OneOfSeveralElsewhere_False() =>
        Assert.That(
            GenaCallbacks.AllPointAt([new Uri("http://10.0.0.2/cb"), new Uri("http://10.0.0.3/cb")], IPAddress.Parse("10.0.0.2")),
            Is.False);
}
