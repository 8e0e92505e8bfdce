using System.Text.Json;
using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>Holds <c>scenarios/profile.schema.json</c> to the profile record the parser reads, so editors complete what runs.</summary>
public sealed class ProfileSchemaTests
{
    private static string SchemaPath => Path.Combine(ScenarioText.LibraryFolder, "profile.schema.json");

    [Test]
    public void CheckedInSchema_IsWhatTheProfileRecordGenerates()
    {
        var generated = RouterProfileSchema.Generate();

        Assert.That(
            File.ReadAllText(SchemaPath),
            Is.EqualTo(generated),
            "scenarios/profile.schema.json is out of date: regenerate it with `dotnet run --project src/Emulator -- profiles schema > scenarios/profile.schema.json`");
    }

    [Test]
    public void Schema_EveryKeyOfEveryBuiltInProfile_IsDescribedAndDocumented()
    {
        using var schema = JsonDocument.Parse(RouterProfileSchema.Generate());

        foreach (var profile in RouterProfileCatalog.BuiltIn.Values)
        {
            using var written = JsonDocument.Parse(JsonSerializer.Serialize(
                new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(RouterProfileYaml.Write(profile))));
            AssertDescribed(written.RootElement, schema.RootElement, profile.Name);
        }
    }

    [Test]
    public void Schema_QuirkEnumsAreHyphenated()
    {
        using var schema = JsonDocument.Parse(RouterProfileSchema.Generate());

        var replyDelay = schema.RootElement.GetProperty("properties").GetProperty("discovery").GetProperty("properties").GetProperty("replyDelay");

        Assert.That(
            replyDelay.GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "random-within-mx", "immediate", "slow", "notify-only" }));
        Assert.That(replyDelay.GetProperty("default").GetString(), Is.EqualTo("random-within-mx"));
    }

    private static void AssertDescribed(JsonElement value, JsonElement schema, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var properties = schema.GetProperty("properties");
        foreach (var property in value.EnumerateObject())
        {
            Assert.That(properties.TryGetProperty(property.Name, out var child), Is.True, $"{path}.{property.Name} is not in the schema");
            Assert.That(child.TryGetProperty("description", out _), Is.True, $"{path}.{property.Name} has no description");
            if (child.TryGetProperty("properties", out _))
            {
                AssertDescribed(property.Value, child, $"{path}.{property.Name}");
            }
        }
    }
}
