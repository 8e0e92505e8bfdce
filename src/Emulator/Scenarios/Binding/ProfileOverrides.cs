using System.Reflection;
using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Igd.Profiles;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// A gateway's <c>override:</c> mapping: profile keys written inline in the scenario that replace the named profile's
/// values (nested mappings merge, anything else replaces). Unknown keys and wrong values are reported at their own
/// line and column in the scenario file.
/// </summary>
internal static class ProfileOverrides
{
    /// <summary>The profile with <paramref name="overrides"/> applied; null when a problem was reported.</summary>
    public static RouterProfile? Apply(RouterProfile profile, SourceMapping overrides, string path, BindingContext context)
    {
        if (!Check(overrides, typeof(RouterProfile), path, context))
        {
            return null;
        }

        var stream = new YamlStream();
        using (var reader = new StringReader(RouterProfileYaml.Write(profile)))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Merge(root, overrides);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        try
        {
            return RouterProfileCatalog.Parse(writer.ToString(), path);
        }
        catch (RouterProfileException ex)
        {
            context.Diagnostics.Add(overrides.Position, $"{path}: the overridden profile is invalid: {ex.Message.Replace($"{path}: ", "", StringComparison.Ordinal).ReplaceLineEndings("; ")}");
            return null;
        }
    }

    // Holds the override to the profile's shape: every key a settable member, every value of the member's kind.
    private static bool Check(SourceMapping mapping, Type type, string path, BindingContext context)
    {
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .ToDictionary(p => CamelCaseNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);
        var fine = true;
        foreach (var entry in mapping.Entries)
        {
            var key = MappingReader.Join(path, entry.Key.Value);
            if (!members.TryGetValue(entry.Key.Value, out var member))
            {
                var hint = NameSuggester.Suggest(entry.Key.Value, [.. members.Keys]) is { } near ? $"; did you mean '{near}'?" : "";
                context.Diagnostics.Add(entry.Key.Position, $"{key}: not a router profile key{hint} (see `igdlab profiles show standard`)");
                fine = false;
                continue;
            }

            fine &= CheckValue(entry.Value, member.PropertyType, key, context);
        }

        return fine;
    }

    private static bool CheckValue(SourceNode value, Type type, string path, BindingContext context)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        switch (value)
        {
            case SourceMapping nested when target.IsClass && target != typeof(string) && !target.IsArray:
                return Check(nested, target, path, context);
            case SourceSequence list when target.IsArray:
                return list.Items.Select((item, i) => CheckValue(item, target.GetElementType()!, $"{path}[{i}]", context)).All(ok => ok);
            case SourceScalar scalar when scalar.IsNull && Nullable.GetUnderlyingType(type) is not null:
                return true;
            case SourceScalar scalar when IsScalarType(target):
                if (ScalarFits(scalar, target, out var expected))
                {
                    return true;
                }

                context.Diagnostics.Add(scalar.Position, $"{path}: must be {expected}, not {scalar.Describe()}");
                return false;
            default:
                context.Diagnostics.Add(value.Position, $"{path}: must be {Expected(target)}, not {value.Describe()}");
                return false;
        }
    }

    private static bool IsScalarType(Type type) => type.IsEnum || type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(uint);

    private static bool ScalarFits(SourceScalar scalar, Type type, out string expected)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => HyphenatedNamingConvention.Instance.Apply(n)).ToList();
            expected = $"one of {string.Join(", ", names)}";
            return names.Contains(scalar.Value, StringComparer.Ordinal);
        }

        expected = Expected(type);
        return type == typeof(string)
            || (type == typeof(bool) && scalar.IsPlain && scalar.Value is "true" or "false")
            || (type == typeof(int) && int.TryParse(scalar.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            || (type == typeof(uint) && uint.TryParse(scalar.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    private static string Expected(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) ? "a whole number"
        : type == typeof(uint) ? "a whole number of 0 or more"
        : type == typeof(string) ? "text"
        : type.IsArray ? "a list"
        : type.IsEnum ? "a word"
        : "a mapping";

    private static void Merge(YamlMappingNode target, SourceMapping overrides)
    {
        foreach (var entry in overrides.Entries)
        {
            var key = new YamlScalarNode(entry.Key.Value);
            if (entry.Value is SourceMapping nested && target.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode existingMapping)
            {
                Merge(existingMapping, nested);
                continue;
            }

            target.Children[key] = ToYaml(entry.Value);
        }
    }

    private static YamlNode ToYaml(SourceNode node) => node switch
    {
        SourceMapping mapping => new YamlMappingNode(mapping.Entries.Select(e => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(e.Key.Value), ToYaml(e.Value)))),
        SourceSequence sequence => new YamlSequenceNode(sequence.Items.Select(ToYaml)),
        SourceScalar scalar => new YamlScalarNode(scalar.Value)
        {
            Style = scalar.IsPlain ? YamlDotNet.Core.ScalarStyle.Plain : YamlDotNet.Core.ScalarStyle.DoubleQuoted,
        },
        _ => throw new InvalidOperationException("unknown YAML node"),
    };
}
