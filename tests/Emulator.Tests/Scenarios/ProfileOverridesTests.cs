using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>A gateway's inline <c>override:</c> of profile keys.</summary>
public sealed class ProfileOverridesTests
{
    [Test]
    public void Override_NestedAndTopLevelKeys_ReplaceTheNamedProfilesValuesOnly()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                profile: miniupnpd
                override:
                  soap: { deleteMissingSucceeds: false, wrongProtocolEcho: true }
                  description: { connectionServices: [ip, ppp] }
                  maxMappings: 64
            devices:
              - { id: nas, gateway: gw1 }
            """);

        var profile = result.Scenario!.Gateways.Single().Profile;
        var miniupnpd = RouterProfileCatalog.BuiltIn["miniupnpd"];
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(profile.Soap.WrongProtocolEcho, Is.True);
        Assert.That(profile.Soap.DeleteMissingSucceeds, Is.False);
        Assert.That(profile.Description.ConnectionServices, Is.EqualTo(new[] { ConnectionService.Ip, ConnectionService.Ppp }));
        Assert.That(profile.MaxMappings, Is.EqualTo(64));
        Assert.That(profile.SecureMode, Is.EqualTo(miniupnpd.SecureMode), "keys not overridden keep the profile's values");
        Assert.That(profile.ServerHeader, Is.EqualTo(miniupnpd.ServerHeader));
    }

    [Test]
    public void Override_UnknownKeyAndWrongValue_AreReportedAtTheirLineAndColumn()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                override:
                  soap: { deleteMisingSucceeds: true }
                  discovery:
                    replyDelay: sometimes
            devices:
              - { id: nas, gateway: gw1 }
            """);

        var messages = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.That(result.IsValid, Is.False);
        Assert.That(messages, Has.Some.Contains(":6:15:").And.Some.Contains("did you mean 'deleteMissingSucceeds'"));
        Assert.That(messages, Has.Some.Contains(":8:21:").And.Some.Contains("must be one of random-within-mx, immediate, slow, notify-only"));
    }

    [Test]
    public void Override_MakesTheProfileInvalid_SaysWhy()
    {
        var result = ScenarioText.Load("""
            name: t
            duration: 60s
            gateways:
              - id: gw1
                override: { maxMappings: 0 }
            devices:
              - { id: nas, gateway: gw1 }
            """);

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Has.Some.Contains("maxMappings: must be at least 1"));
    }
}
