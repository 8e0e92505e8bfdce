using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Scenarios.Binding;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>Holds <c>scenarios/scenario.schema.json</c> to what the loader accepts, so that editors complete what runs.</summary>
public sealed partial class ScenarioSchemaTests
{
    // Each object of the schema (# is the root) and the loader's key table for the same mapping.
    private static readonly Dictionary<string, IReadOnlyList<string>> Objects = new(StringComparer.Ordinal)
    {
        ["#"] = ScenarioKeys.Root,
        ["gateway"] = ScenarioKeys.Gateway,
        ["link"] = ScenarioKeys.Link,
        ["device"] = ScenarioKeys.Device,
        ["fleet"] = ScenarioKeys.Fleet,
        ["service"] = ScenarioKeys.Service,
        ["renew"] = ScenarioKeys.Renew,
        ["poll"] = ScenarioKeys.Poll,
        ["events"] = ScenarioKeys.Events,
        ["watchdog"] = ScenarioKeys.Watchdog,
        ["oracle"] = ScenarioKeys.Oracle,
        ["fault"] = ScenarioKeys.Fault,
        ["expect"] = ScenarioKeys.Expect,
        ["latency"] = ScenarioKeys.Latency,
        ["variant"] = ScenarioKeys.Variant,
    };

    // Tables that are parts of the ones above rather than mappings of their own.
    private static readonly string[] PartTables = ["Strategy", "FaultSchedule", "FaultTarget", "ActionSettingKeys"];

    private static JsonElement Schema { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(ScenarioText.LibraryFolder, "scenario.schema.json"))).RootElement;

    private static JsonElement Definitions => Schema.GetProperty("$defs");

    [TestCaseSource(nameof(ObjectNames))]
    public void Schema_ObjectProperties_MatchTheLoadersKeys(string name)
    {
        var schemaObject = Object(name);

        var properties = schemaObject.GetProperty("properties").EnumerateObject().Select(p => p.Name);

        Assert.That(properties, Is.EquivalentTo(Objects[name]));
        Assert.That(schemaObject.GetProperty("additionalProperties").GetBoolean(), Is.False, "unknown keys are errors in both");
    }

    [Test]
    public void Schema_EveryObjectWithProperties_IsHeldToAKeyTable()
    {
        var schemaObjects = Definitions.EnumerateObject().Where(d => d.Value.TryGetProperty("properties", out _)).Select(d => d.Name).Append("#");

        Assert.That(schemaObjects, Is.EquivalentTo(Objects.Keys));
    }

    [Test]
    public void ScenarioKeys_EveryTable_IsHeldToTheSchema()
    {
        var tables = typeof(ScenarioKeys).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(IReadOnlyList<string>))
            .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)p.GetValue(null)!);

        var covered = tables.Where(t => Objects.Values.Any(o => ReferenceEquals(o, t.Value))).Select(t => t.Key);

        Assert.That(covered.Concat(PartTables), Is.EquivalentTo(tables.Keys));
        foreach (var part in PartTables)
        {
            Assert.That(Objects.Values.Any(o => tables[part].All(o.Contains)), Is.True, $"{part} is part of some mapping");
        }
    }

    [Test]
    public void Schema_Enums_MatchTheVocabulary()
    {
        var fault = Definitions.GetProperty("fault").GetProperty("properties");

        Assert.That(Enum(fault.GetProperty("action")), Is.EqualTo(ScenarioVocabulary.FaultActions));
        Assert.That(Enum(Definitions.GetProperty("watchdog").GetProperty("properties").GetProperty("registry")), Is.EquivalentTo(ScenarioVocabulary.Registries.Keys));
        Assert.That(Enum(fault.GetProperty("target")), Is.EquivalentTo(ScenarioVocabulary.TargetNames.Keys));
        Assert.That(Enum(fault.GetProperty("direction")), Is.EquivalentTo(ScenarioVocabulary.PartitionDirections.Keys));
        Assert.That(Enum(Definitions.GetProperty("deviceKind")), Is.EquivalentTo(ScenarioVocabulary.DeviceKinds.Keys));
        Assert.That(Enum(Definitions.GetProperty("service").GetProperty("properties").GetProperty("protocol")), Is.EqualTo(ScenarioVocabulary.Protocols));
    }

    [Test]
    public void Schema_Patterns_MatchTheLoaders()
    {
        Assert.That(Definitions.GetProperty("duration").GetProperty("pattern").GetString(), Is.EqualTo(ScenarioVocabulary.DurationPattern));
        Assert.That(Definitions.GetProperty("id").GetProperty("pattern").GetString(), Is.EqualTo(ScenarioVocabulary.IdPattern));
        Assert.That(Definitions.GetProperty("strategy").GetProperty("pattern").GetString(), Is.EqualTo(ScenarioVocabulary.StrategyPattern));
    }

    // The item writes the keys that decide its shape (generate makes a fleet); the loader must miss all other required keys.
    [TestCase("#", "", "")]
    [TestCase("gateway", "gateways:\n  - {}\n", "")]
    [TestCase("device", "devices:\n  - {}\n", "")]
    [TestCase("fleet", "devices:\n  - { generate: 1 }\n", "generate")]
    [TestCase("variant", "compare:\n  - {}\n  - {}\n", "")]
    [TestCase("fault", "faults:\n  - { at: 1s }\n", "")]
    [TestCase("link", "links:\n  - {}\n", "")]
    public void Schema_RequiredKeys_MatchWhatTheLoaderMisses(string name, string yaml, string written)
    {
        var required = Object(name).GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Where(r => r != written);

        // Root problems read "missing 'x'"; the first list item's read "devices[0]: missing 'x'".
        var missing = ScenarioText.Problems("description: d\n" + yaml)
            .Select(p => MissingRegex().Match(p))
            .Where(m => m.Success && (name == "#" ? !m.Groups["item"].Success : m.Groups["item"].Value.EndsWith("[0]", StringComparison.Ordinal)))
            .Select(m => m.Groups["key"].Value);

        Assert.That(missing, Is.EquivalentTo(required));
    }

    private static IEnumerable<string> ObjectNames() => Objects.Keys;

    private static JsonElement Object(string name) => name == "#" ? Schema : Definitions.GetProperty(name);

    private static List<string> Enum(JsonElement element) => [.. element.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    [GeneratedRegex(@"error: (?:(?<item>\w+\[\d+\]): )?missing '(?<key>\w+)'$")]
    private static partial Regex MissingRegex();
}
