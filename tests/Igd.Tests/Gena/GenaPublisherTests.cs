using System.Net;
using IgdLab.Igd.Gena;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Gena;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class GenaPublisherTests
{
    private static readonly KeyValuePair<string, string>[] NewAddress = [new("ExternalIPAddress", "198.51.100.9")];

    [Test]
    public async Task Subscribe_NewSubscriber_Returns200WithSidGrantedTimeoutAndServer()
    {
        await using var lab = await GenaLab.StartAsync();

        using var response = await lab.SendAsync("SUBSCRIBE", callback: lab.Listener.Callback("/cb"), nt: "upnp:event", timeout: "Second-300");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(GenaLab.Header(response, "SID"), Does.Match("^uuid:[0-9a-f-]{36}$"));
            Assert.That(GenaLab.Header(response, "TIMEOUT"), Is.EqualTo("Second-1800"), "raised to miniupnpd's minimum");
            Assert.That(GenaLab.Header(response, "Server"), Is.EqualTo(GenaLab.Server));
            Assert.That(response.Content.Headers.ContentLength, Is.Zero);
            Assert.That(lab.Publisher.SubscriptionCount, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Subscribe_NewSubscriber_SendsInitialEventWithAllVariablesAndSeq0()
    {
        await using var lab = await GenaLab.StartAsync();

        var sid = await lab.SubscribeAsync("/cb");
        var initial = await lab.Listener.NextAsync("/cb");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(initial.Seq, Is.Zero);
            Assert.That(initial.Sid, Is.EqualTo(sid));
            Assert.That(initial.Variables, Is.EqualTo(lab.Variables));
            Assert.That(initial.Nt, Is.EqualTo("upnp:event"));
            Assert.That(initial.Nts, Is.EqualTo("upnp:propchange"));
            Assert.That(initial.ContentType, Is.EqualTo("text/xml; charset=\"utf-8\""));
            Assert.That(initial.Host, Is.EqualTo(lab.Listener.Url("/cb").Authority));
            Assert.That(initial.From, Is.EqualTo(lab.GatewayAddress), "NOTIFYs leave from the gateway's LAN address");
        }
    }

    [Test]
    public async Task Publish_AfterInitialEvent_SendsOnlyTheChangeWithSeq1()
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/cb");
        await lab.Listener.NextAsync("/cb");

        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        var change = await lab.Listener.NextAsync("/cb");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(change.Seq, Is.EqualTo(1));
            Assert.That(change.Sid, Is.EqualTo(sid));
            Assert.That(change.Variables, Is.EqualTo(NewAddress));
        }
    }

    [Test]
    public async Task Publish_SeveralChanges_ArriveInOrderWithConsecutiveSeq()
    {
        await using var lab = await GenaLab.StartAsync();
        await lab.SubscribeAsync("/cb");

        for (var i = 1; i <= 5; i++)
        {
            lab.Publisher.Publish(GenaLab.ServicePath, [new("PortMappingNumberOfEntries", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        var received = new List<ReceivedNotify>();
        for (var i = 0; i <= 5; i++)
        {
            received.Add(await lab.Listener.NextAsync("/cb"));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Select(n => n.Seq), Is.EqualTo(new uint[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(received.Skip(1).Select(n => n.Variables.Single().Value), Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
        }
    }

    [Test]
    public async Task Publish_OtherService_NotSentToThisSubscriber()
    {
        await using var lab = await GenaLab.StartAsync();
        await lab.SubscribeAsync("/ipconn");
        await lab.SubscribeAsync("/l3f", GenaLab.OtherServicePath);
        await lab.Listener.NextAsync("/ipconn");
        var initialL3F = await lab.Listener.NextAsync("/l3f");

        lab.Publisher.Publish(GenaLab.OtherServicePath, [new("DefaultConnectionService", "x")]);
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        var l3f = await lab.Listener.NextAsync("/l3f");
        var ipconn = await lab.Listener.NextAsync("/ipconn");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(initialL3F.Variables, Is.EqualTo(new KeyValuePair<string, string>[] { new("Layer3Forwarding", "WAN") }));
            Assert.That(l3f.Variables.Single().Key, Is.EqualTo("DefaultConnectionService"));
            Assert.That(ipconn.Variables, Is.EqualTo(NewAddress));
            Assert.That(ipconn.Seq, Is.EqualTo(1), "the L3F event did not use up an IPConn SEQ");
        }
    }

    [Test]
    public async Task Subscribe_Renewal_ExtendsSubscriptionAndKeepsSeq()
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/cb");
        await lab.Listener.NextAsync("/cb");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Delivered);
        lab.Time.Advance(TimeSpan.FromSeconds(1000));

        using var renewal = await lab.SendAsync("SUBSCRIBE", sid: sid, timeout: "Second-1800");
        lab.Time.Advance(TimeSpan.FromSeconds(1000));
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        var change = await lab.Listener.NextAsync("/cb");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(renewal.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(GenaLab.Header(renewal, "SID"), Is.EqualTo(sid));
            Assert.That(GenaLab.Header(renewal, "TIMEOUT"), Is.EqualTo("Second-1800"));
            Assert.That(change.Seq, Is.EqualTo(1), "a renewal sends no new initial event");
            Assert.That(lab.Publisher.SubscriptionCount, Is.EqualTo(1), "2000 s after subscribing, alive thanks to the renewal");
        }
    }

    [Test]
    public async Task Unsubscribe_LiveSubscription_StopsDelivery()
    {
        await using var lab = await GenaLab.StartAsync();
        var gone = await lab.SubscribeAsync("/gone");
        await lab.SubscribeAsync("/stays");
        await lab.Listener.NextAsync("/gone");
        await lab.Listener.NextAsync("/stays");

        using var response = await lab.SendAsync("UNSUBSCRIBE", sid: gone);
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        await lab.Listener.NextAsync("/stays");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(lab.Listener.Pending("/gone"), Is.Zero);
            Assert.That(lab.Publisher.SubscriptionCount, Is.EqualTo(1));
        }
    }

    [TestCase(null, "upnp:event", TestName = "Subscribe_MissingCallback_Returns412")]
    [TestCase("http://{0}/cb", "upnp:event", TestName = "Subscribe_CallbackWithoutAngleBrackets_Returns412")]
    [TestCase("<ftp://{0}/cb>", "upnp:event", TestName = "Subscribe_CallbackNotHttp_Returns412")]
    [TestCase("<http://{0}/cb>", null, TestName = "Subscribe_MissingNt_Returns412")]
    [TestCase("<http://{0}/cb>", "upnp:propchange", TestName = "Subscribe_WrongNt_Returns412")]
    public async Task Subscribe_InvalidNewSubscription_Returns412(string? callbackFormat, string? nt)
    {
        await using var lab = await GenaLab.StartAsync();
        var callback = callbackFormat is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, callbackFormat, lab.Listener.Url("/").Authority);

        using var response = await lab.SendAsync("SUBSCRIBE", callback: callback, nt: nt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That(lab.Publisher.SubscriptionCount, Is.Zero);
        }
    }

    [TestCase("SUBSCRIBE", true, false, TestName = "Subscribe_SidWithCallback_Returns400")]
    [TestCase("SUBSCRIBE", false, true, TestName = "Subscribe_SidWithNt_Returns400")]
    [TestCase("UNSUBSCRIBE", true, false, TestName = "Unsubscribe_SidWithCallback_Returns400")]
    public async Task Subscribe_SidWithNewSubscriptionHeaders_Returns400(string method, bool withCallback, bool withNt)
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/cb");

        using var response = await lab.SendAsync(
            method,
            callback: withCallback ? lab.Listener.Callback("/cb") : null,
            nt: withNt ? "upnp:event" : null,
            sid: sid);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("SUBSCRIBE", TestName = "Subscribe_UnknownSid_Returns412")]
    [TestCase("UNSUBSCRIBE", TestName = "Unsubscribe_UnknownSid_Returns412")]
    public async Task Subscribe_UnknownSid_Returns412(string method)
    {
        await using var lab = await GenaLab.StartAsync();

        using var response = await lab.SendAsync(method, sid: "uuid:00000000-0000-0000-0000-000000000000", timeout: "Second-1800");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task Unsubscribe_WithoutSid_Returns412()
    {
        await using var lab = await GenaLab.StartAsync();

        using var response = await lab.SendAsync("UNSUBSCRIBE");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task Subscribe_SidOfAnotherService_Returns412()
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/cb");

        using var response = await lab.SendAsync("SUBSCRIBE", GenaLab.OtherServicePath, sid: sid, timeout: "Second-1800");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task HandleAsync_UnregisteredPath_Returns404()
    {
        await using var lab = await GenaLab.StartAsync();

        using var response = await lab.SendAsync("SUBSCRIBE", "/evt/Nothing", lab.Listener.Callback("/cb"), "upnp:event");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase(false, TestName = "Subscribe_CallbackToAnotherHost_Returns412AndNeverNotifiesIt")]
    [TestCase(true, TestName = "Subscribe_OneOfSeveralCallbacksToAnotherHost_Returns412AndNeverNotifiesIt")]
    public async Task Subscribe_CallbackToAnotherHost_Returns412AndNeverNotifiesIt(bool alsoOwnCallback)
    {
        await using var lab = await GenaLab.StartAsync();
        await using var victim = await CallbackListener.StartAsync(LoopbackAddresses.Next());
        var callback = (alsoOwnCallback ? lab.Listener.Callback("/mine") : "") + victim.Callback("/victim");

        using var response = await lab.SendAsync("SUBSCRIBE", callback: callback, nt: "upnp:event");
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        await lab.SubscribeAsync("/sentinel");
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        await lab.Listener.NextAsync("/sentinel");
        await lab.Listener.NextAsync("/sentinel");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That(victim.Received, Is.Zero);
            Assert.That(lab.Listener.Pending("/mine"), Is.Zero);
            Assert.That(lab.Log.Messages(GenaPublisher.LogEvents.CallbackRefused), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Subscribe_Expired_StopsDeliveryAndRenewalReturns412()
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/old", timeout: "Second-1800");
        await lab.Listener.NextAsync("/old");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Delivered);

        lab.Time.Advance(TimeSpan.FromSeconds(1800));
        var countAfterExpiry = lab.Publisher.SubscriptionCount;
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        using var renewal = await lab.SendAsync("SUBSCRIBE", sid: sid, timeout: "Second-1800");
        await lab.SubscribeAsync("/sentinel");
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        await lab.Listener.NextAsync("/sentinel");
        await lab.Listener.NextAsync("/sentinel");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(countAfterExpiry, Is.Zero);
            Assert.That(renewal.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That(lab.Listener.Pending("/old"), Is.Zero);
            Assert.That(lab.Log.Messages(GenaPublisher.LogEvents.Expired), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Subscribe_JustBeforeExpiry_StillDelivers()
    {
        await using var lab = await GenaLab.StartAsync();
        await lab.SubscribeAsync("/cb", timeout: "Second-1800");
        await lab.Listener.NextAsync("/cb");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Delivered);

        lab.Time.Advance(TimeSpan.FromSeconds(1799));
        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);

        Assert.That((await lab.Listener.NextAsync("/cb")).Seq, Is.EqualTo(1));
    }

    [Test]
    public async Task Clear_LiveSubscriptions_ForgetsThemAsARebootDoes()
    {
        await using var lab = await GenaLab.StartAsync();
        var sid = await lab.SubscribeAsync("/cb");
        await lab.Listener.NextAsync("/cb");

        lab.Publisher.Clear();
        using var renewal = await lab.SendAsync("SUBSCRIBE", sid: sid, timeout: "Second-1800");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lab.Publisher.SubscriptionCount, Is.Zero);
            Assert.That(renewal.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        }
    }

    [Test]
    public async Task Notify_SlowSubscriber_DoesNotDelayOthers()
    {
        await using var lab = await GenaLab.StartAsync();
        var release = lab.Listener.Hold("/slow");
        await lab.SubscribeAsync("/slow");
        await lab.SubscribeAsync("/fast");
        await lab.Listener.NextAsync("/slow");

        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        var fast = new[] { await lab.Listener.NextAsync("/fast"), await lab.Listener.NextAsync("/fast") };
        var slowPendingWhileHeld = lab.Listener.Pending("/slow");
        release.SetResult();
        var slow = await lab.Listener.NextAsync("/slow");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fast.Select(n => n.Seq), Is.EqualTo(new uint[] { 0, 1 }));
            Assert.That(slowPendingWhileHeld, Is.Zero, "SEQ 1 waits for the answer to SEQ 0");
            Assert.That(slow.Seq, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Notify_FirstCallbackFails_TriesTheNextInOrder()
    {
        await using var lab = await GenaLab.StartAsync();
        using var response = await lab.SendAsync(
            "SUBSCRIBE",
            callback: lab.Listener.Callback("/fail") + " " + lab.Listener.Callback("/ok"),
            nt: "upnp:event");

        var refused = await lab.Listener.NextAsync("/fail");
        var delivered = await lab.Listener.NextAsync("/ok");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Delivered);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.Seq, Is.Zero);
            Assert.That(delivered.Seq, Is.Zero);
            Assert.That(lab.Publisher.NotificationsSent, Is.EqualTo(1));
            Assert.That(lab.Publisher.NotificationFailures, Is.Zero);
        }
    }

    [Test]
    public async Task Notify_EveryCallbackFails_CountsOneFailureAndGoesOn()
    {
        await using var lab = await GenaLab.StartAsync();
        using var response = await lab.SendAsync("SUBSCRIBE", callback: lab.Listener.Callback("/fail"), nt: "upnp:event");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Undeliverable);

        lab.Publisher.Publish(GenaLab.ServicePath, NewAddress);
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Undeliverable, 2);
        var seqs = new[] { (await lab.Listener.NextAsync("/fail")).Seq, (await lab.Listener.NextAsync("/fail")).Seq };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seqs, Is.EqualTo(new uint[] { 0, 1 }));
            Assert.That(lab.Publisher.NotificationFailures, Is.EqualTo(2));
            Assert.That(lab.Publisher.NotificationsSent, Is.Zero);
        }
    }

    [Test]
    public async Task Notify_SubscriberTooSlow_TimesOutByTheTimeProvider()
    {
        await using var lab = await GenaLab.StartAsync(notifyTimeout: TimeSpan.FromSeconds(5));
        lab.Listener.Hold("/slow");
        await lab.SubscribeAsync("/slow");
        await lab.Listener.NextAsync("/slow");

        lab.Time.Advance(TimeSpan.FromSeconds(5));
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.Undeliverable);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lab.Publisher.NotificationFailures, Is.EqualTo(1));
            Assert.That(lab.Publisher.SubscriptionCount, Is.EqualTo(1), "a failed NOTIFY does not end the subscription");
        }
    }

    [Test]
    public async Task Notify_InitialValuesReaderThrows_CountsFailureAndKeepsSubscription()
    {
        await using var lab = await GenaLab.StartAsync();
        lab.Publisher.RegisterService("/evt/Broken", () => throw new InvalidOperationException("no values"));

        await lab.SubscribeAsync("/cb", "/evt/Broken");
        await lab.Log.WaitForAsync(GenaPublisher.LogEvents.InitialValuesFailed);
        lab.Publisher.Publish("/evt/Broken", NewAddress);
        var change = await lab.Listener.NextAsync("/cb");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(change.Seq, Is.EqualTo(1));
            Assert.That(lab.Publisher.NotificationFailures, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task RegisterService_SamePathTwice_Throws()
    {
        await using var lab = await GenaLab.StartAsync();

        Assert.That(() => lab.Publisher.RegisterService(GenaLab.ServicePath, () => []), Throws.ArgumentException);
    }

    [Test]
    public async Task DisposeAsync_NotifyInFlight_AbandonsItAndCompletes()
    {
        await using var lab = await GenaLab.StartAsync();
        lab.Listener.Hold("/stuck");
        await lab.SubscribeAsync("/stuck");
        await lab.Listener.NextAsync("/stuck");

        Assert.That(async () => await lab.Publisher.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), Throws.Nothing);
    }
}
