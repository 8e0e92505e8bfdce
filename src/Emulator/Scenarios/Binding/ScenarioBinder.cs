using IgdLab.Device.Devices;
using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// Turns a scenario's YAML tree into the immutable records, reporting every unknown key, wrong type and missing key.
/// Values and references are checked afterwards by <see cref="Validation.ScenarioRules"/>.
/// </summary>
internal sealed partial class ScenarioBinder(BindingContext context, YamlLimits limits)
{

    private const string BuiltInProfile = "standard";

    /// <summary>The <c>kind</c> value that marks a scenario file.</summary>
    public const string ScenarioKind = "scenario";

    /// <summary>The scenario, or null when the root is not a mapping; problems go to the context.</summary>
    public Scenario? Bind(SourceNode root)
    {
        if (root is not SourceMapping mapping)
        {
            context.Diagnostics.Add(root.Position, $"a scenario is a mapping of keys (name, duration, gateways, devices, ...), not {root.Describe()}");
            return null;
        }

        var reader = new MappingReader(mapping, "", ScenarioKeys.Root, context);
        if (reader.Text("kind") is { } kind && kind != ScenarioKind)
        {
            // A profile file says kind: profile; folders route it to the profile parser, so only a file named directly gets here.
            reader.Fail("kind", $"a scenario file says 'kind: {ScenarioKind}' or leaves kind out, not '{kind}'");
        }

        var gateways = BindList(reader, "gateways", required: true, "a gateway with id and profile", BindGateways).SelectMany(g => g).ToList();
        // Read first: a listed device or fleet that names no strategy takes the scenario's.
        var strategy = reader.Value<MappingStrategyKinds>("strategy", required: false, ParseStrategy) ?? MappingStrategyKinds.Watchdog;
        var (devices, fleets) = BindDevices(reader, strategy);
        return reader.Register(new Scenario
        {
            Name = reader.Text("name", required: true) ?? "",
            Description = reader.Text("description"),
            Tags = Tags(reader),
            Seed = reader.Integer("seed"),
            Duration = reader.Duration("duration", required: true) ?? TimeSpan.Zero,
            TimeScale = reader.Number("timeScale") ?? 1,
            Network = reader.Word("network", [.. ScenarioVocabulary.Networks.Keys], "network") is { } network ? ScenarioVocabulary.Networks[network] : WorldNetwork.Sockets,
            Links = BindList(reader, "links", required: false, "a link with gateway, latency, jitter and loss", BindLink),
            Strategy = strategy,
            Gateways = gateways,
            Devices = devices,
            Fleets = fleets,
            Watchdog = Nested(reader, "watchdog", ScenarioKeys.Watchdog, BindWatchdog) ?? new ScenarioWatchdog(),
            Oracle = Nested(reader, "oracle", ScenarioKeys.Oracle, BindOracle) ?? new ScenarioOracle(),
            Faults = BindList(reader, "faults", required: false, "a fault", (m, path) => BindFault(m, path, gateways, devices)),
            Expect = Nested(reader, "expect", ScenarioKeys.Expect, BindExpectations) ?? new ScenarioExpectations(),
            Compare = BindList(reader, "compare", required: false, "a strategy variant with name and strategy", BindVariant),
            Backends = Words(reader, "backends", ScenarioVocabulary.Backends, "gateway backend"),
        });
    }

    /// <summary>A list of words of one vocabulary (device kinds, backends); each unknown word is reported where it stands.</summary>
    private List<T> Words<T>(MappingReader reader, string key, IReadOnlyDictionary<string, T> vocabulary, string what)
    {
        var words = new List<T>();
        if (reader.Sequence(key) is not { } list)
        {
            return words;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (ScalarConversions.ToWord(list.Items[i], [.. vocabulary.Keys], what, out var word) is { } problem)
            {
                context.Diagnostics.Add(list.Items[i].Position, $"{reader.PathOf(key)}[{i}]: {problem}");
            }
            else
            {
                words.Add(vocabulary[word]);
            }
        }

        return words;
    }

    /// <summary>The <c>tags:</c> list; each tag that is not a lowercase word, or repeats one before it, is reported where it stands.</summary>
    private List<string> Tags(MappingReader reader)
    {
        const string Key = "tags";
        var tags = new List<string>();
        if (reader.Sequence(Key) is not { } list)
        {
            return tags;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var problem = ScalarConversions.ToText(item, out var tag) is { } notText ? notText
                : !ScenarioVocabulary.IsTag(tag) ? $"'{tag}' is not a tag; a tag is a lowercase word of a-z, 0-9 and '-' (e.g. upnp, fleet-200)"
                : tags.Contains(tag, StringComparer.Ordinal) ? $"'{tag}' is listed more than once"
                : null;
            if (problem is null)
            {
                tags.Add(tag);
            }
            else
            {
                reader.MarkFailed(Key);
                context.Diagnostics.Add(item.Position, $"{reader.PathOf(Key)}[{i}]: {problem}");
            }
        }

        return tags;
    }

    private List<T> BindList<T>(MappingReader reader, string key, bool required, string shape, Func<SourceMapping, string, T> bindItem)
    {
        var items = new List<T>();
        ForEachMapping(reader, key, required, shape, (mapping, path) => items.Add(bindItem(mapping, path)));
        return items;
    }

    /// <summary>Calls <paramref name="bindItem"/> with each mapping of the list and its path (<c>faults[2]</c>); other items are reported.</summary>
    private void ForEachMapping(MappingReader reader, string key, bool required, string shape, Action<SourceMapping, string> bindItem)
    {
        if (reader.Sequence(key, required) is not { } sequence)
        {
            return;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"{reader.PathOf(key)}[{i}]";
            if (sequence.Items[i] is SourceMapping mapping)
            {
                bindItem(mapping, path);
            }
            else
            {
                context.Diagnostics.Add(sequence.Items[i].Position, $"{path}: expected a mapping ({shape}), not {sequence.Items[i].Describe()}");
            }
        }
    }

    /// <summary>Binds a nested mapping that is a record of its own (watchdog, expect, remapLatency).</summary>
    private T? Nested<T>(MappingReader parent, string key, IReadOnlyList<string> keys, Func<MappingReader, T> bind)
        where T : class
    {
        if (parent.Mapping(key) is not { } mapping)
        {
            return null;
        }

        var reader = new MappingReader(mapping, parent.PathOf(key), keys, context);
        return reader.Register(bind(reader));
    }

    /// <summary>Reads a nested mapping whose values the model keeps flat on the parent's record (service, renew).</summary>
    private T? Flattened<T>(MappingReader parent, string key, IReadOnlyList<string> keys, Func<MappingReader, T> read)
    {
        if (parent.Mapping(key) is not { } mapping)
        {
            return default;
        }

        var reader = new MappingReader(mapping, parent.PathOf(key), keys, context);
        var value = read(reader);
        parent.Adopt(reader, key + ".");
        return value;
    }

    /// <summary>
    /// One gateway, or the members of a group (<c>count: 100</c> makes <c>home-001</c> … <c>home-100</c>), each registered
    /// at the entry so that the validator reports a member's problem where the group is written.
    /// </summary>
    private List<ScenarioGateway> BindGateways(SourceMapping mapping, string path)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Gateway, context, "a gateway");
        var id = reader.Text("id", required: true) ?? "";
        var count = reader.Integer("count") ?? 1;
        if (count is < 1 or > GatewayGroups.MaxCount)
        {
            reader.Fail("count", $"must be from 1 to {GatewayGroups.MaxCount} gateways, not {count}");
            count = 1;
        }

        var reference = reader.Text("profile") ?? BuiltInProfile;
        var profile = ResolveProfile(reader, reference);
        if (reader.Mapping("override") is { } overrides)
        {
            profile = ProfileOverrides.Apply(profile, overrides, reader.PathOf("override"), context) ?? profile;
        }

        var backend = reader.Word("backend", [.. ScenarioVocabulary.Backends.Keys], "gateway backend");
        var gateway = new ScenarioGateway
        {
            Id = id,
            ProfileReference = reference,
            Profile = profile,
            Backend = backend is null ? GatewayBackend.Virtual : ScenarioVocabulary.Backends[backend],
        };
        return count == 1
            ? [reader.Register(gateway)]
            : [.. GatewayGroups.MemberIds(id, count).Select(member => reader.Register(gateway with { Id = member, Group = id }))];
    }

    /// <summary>One entry of <c>links:</c>; its values and its gateway are checked by the validator.</summary>
    private ScenarioLink BindLink(SourceMapping mapping, string path)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Link, context, "a link");
        return reader.Register(new ScenarioLink
        {
            Gateway = reader.Text("gateway", required: true) ?? "",
            Impairment = new WanLinkSettings
            {
                Latency = reader.Duration("latency") ?? TimeSpan.Zero,
                Jitter = reader.Duration("jitter") ?? TimeSpan.Zero,
                Loss = reader.Number("loss") ?? 0,
            },
        });
    }

    private RouterProfile ResolveProfile(MappingReader reader, string reference)
    {
        if (RouterProfileCatalog.BuiltIn.TryGetValue(reference, out var builtIn))
        {
            return builtIn;
        }

        var names = RouterProfileCatalog.BuiltIn.Keys.Order(StringComparer.Ordinal).ToList();
        if (!LooksLikePath(reference))
        {
            var hint = NameSuggester.Suggest(reference, names) is { } near ? $"; did you mean '{near}'?" : "";
            reader.Fail("profile", $"unknown router profile '{reference}'{hint} (built-in: {string.Join(", ", names)}; or the path of a profile file)");
            return RouterProfileCatalog.Standard;
        }

        var path = Path.GetFullPath(Path.Combine(context.BaseDirectory, reference));
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                reader.Fail("profile", $"no router profile file '{reference}' (looked for {path})");
            }
            else if (file.Length > limits.MaxBytes)
            {
                reader.Fail("profile", $"router profile file '{reference}' is {file.Length} bytes; the limit is {limits.MaxBytes}");
            }
            else
            {
                return RouterProfileCatalog.Parse(File.ReadAllText(path), reference);
            }
        }
        catch (RouterProfileException ex)
        {
            reader.Fail("profile", $"router profile file '{reference}' is invalid: {ex.Message.ReplaceLineEndings("; ")}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reader.Fail("profile", $"cannot read router profile file '{reference}': {ex.Message}");
        }

        return RouterProfileCatalog.Standard;
    }

    private static bool LooksLikePath(string reference) =>
        reference.Contains('/', StringComparison.Ordinal) || reference.Contains('\\', StringComparison.Ordinal)
        || reference.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || reference.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
