using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using YamlDotNet.Serialization.NamingConventions;

namespace IgdLab.Igd.Profiles;

/// <summary>
/// The JSON Schema of router profile files, built from <see cref="RouterProfile"/> itself: every settable key with its
/// type, allowed enum values, default and the member's documentation, so editors complete and check profile YAML
/// and the schema cannot drift from what the parser reads.
/// </summary>
public static class RouterProfileSchema
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema as indented JSON.</summary>
    /// <param name="documentation">The XML documentation of IgdLab.Igd (descriptions); null looks for it next to the assembly.</param>
    public static string Generate(XDocument? documentation = null)
    {
        var docs = Summaries(documentation ?? LoadDocumentation());
        var defaults = new RouterProfile();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "IgdLab router profile",
            ["description"] = "How a virtual router behaves: IGD version, lease and error-code policy, and the quirks of real routers it reproduces. "
                + "Checked by `igdlab validate`; printed in full by `igdlab profiles show NAME`; `igdlab profiles quirks` maps each documented router bug to its keys.",
        };
        foreach (var (key, value) in ObjectSchema(typeof(RouterProfile), defaults, docs))
        {
            schema[key] = value?.DeepClone();
        }

        var properties = (JsonObject)schema["properties"]!;
        var withKind = new JsonObject
        {
            ["kind"] = new JsonObject
            {
                ["enum"] = new JsonArray(RouterProfileYaml.Kind),
                ["description"] = "Says the file is a router profile, so folder runs skip it and `igdlab validate` checks it as one.",
            },
        };
        foreach (var (key, value) in properties)
        {
            withKind[key] = value?.DeepClone();
        }

        schema["properties"] = withKind;
        return schema.ToJsonString(Indented) + "\n";
    }

    private static JsonObject ObjectSchema(Type type, object defaults, IReadOnlyDictionary<string, string> docs)
    {
        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var schema = ValueSchema(property.PropertyType, property.GetValue(defaults), docs);
            if (docs.TryGetValue($"P:{type.FullName}.{property.Name}", out var summary))
            {
                schema["description"] = summary;
            }

            properties[CamelCaseNamingConvention.Instance.Apply(property.Name)] = schema;
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject ValueSchema(Type type, object? value, IReadOnlyDictionary<string, string> docs)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            var inner = ValueSchema(nullable, value, docs);
            inner["type"] = new JsonArray(inner["type"]!.DeepClone(), "null");
            return inner;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => (JsonNode)HyphenatedNamingConvention.Instance.Apply(n)).ToArray();
            var schema = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(names) };
            if (value is not null)
            {
                schema["default"] = HyphenatedNamingConvention.Instance.Apply(value.ToString()!);
            }

            return schema;
        }

        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var items = ValueSchema(element, null, docs);
            var schema = new JsonObject { ["type"] = "array", ["items"] = items, ["uniqueItems"] = true };
            if (value is Array array && element.IsEnum)
            {
                schema["default"] = new JsonArray([.. array.Cast<object>().Select(v => (JsonNode)HyphenatedNamingConvention.Instance.Apply(v.ToString()!))]);
            }

            return schema;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => WithDefault(new JsonObject { ["type"] = "boolean" }, value is bool b ? JsonValue.Create(b) : null),
            TypeCode.Int32 => WithDefault(new JsonObject { ["type"] = "integer" }, value is int i ? JsonValue.Create(i) : null),
            TypeCode.UInt32 => WithDefault(new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = uint.MaxValue }, value is uint u ? JsonValue.Create(u) : null),
            TypeCode.String => WithDefault(new JsonObject { ["type"] = "string" }, value is string s ? JsonValue.Create(s) : null),
            _ when type.IsClass => ObjectSchema(type, value ?? Activator.CreateInstance(type)!, docs),
            _ => throw new NotSupportedException($"profile key of type {type.Name} has no schema"),
        };
    }

    private static JsonObject WithDefault(JsonObject schema, JsonNode? value)
    {
        if (value is not null)
        {
            schema["default"] = value;
        }

        return schema;
    }

    private static XDocument? LoadDocumentation()
    {
        var path = Path.ChangeExtension(typeof(RouterProfile).Assembly.Location, ".xml");
        return File.Exists(path) ? XDocument.Load(path) : null;
    }

    // Member summaries as one line of plain text: <c>x</c> and <see cref="T:A.B"/> become x and B.
    private static Dictionary<string, string> Summaries(XDocument? documentation)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in documentation?.Descendants("member") ?? [])
        {
            if (member.Attribute("name")?.Value is not { } name || member.Element("summary") is not { } summary)
            {
                continue;
            }

            var text = string.Concat(summary.Nodes().Select(PlainText));
            summaries[name] = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        return summaries;
    }

    private static string PlainText(XNode node) => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "see" } see => see.Attribute("cref")?.Value.Split('.')[^1] ?? see.Attribute("langword")?.Value ?? "",
        XElement element => string.Concat(element.Nodes().Select(PlainText)),
        _ => "",
    };
}
