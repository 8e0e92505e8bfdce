using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IgdLab.Igd.Profiles;

/// <summary>The documented router quirks (shipped as <c>Profiles/Quirks/router-quirks.yaml</c>) and the keys of each.</summary>
public static class RouterQuirkCatalog
{
    private const string Resource = "IgdLab.Igd.Quirks.router-quirks.yaml";

    private static readonly Lazy<IReadOnlyList<RouterQuirk>> Quirks = new(Load);

    /// <summary>Every quirk, in the catalogue's order.</summary>
    public static IReadOnlyList<RouterQuirk> All => Quirks.Value;

    /// <summary>A by-the-book router (every key at its default) with the keys of <paramref name="quirk"/> applied.</summary>
    /// <exception cref="RouterProfileException">The quirk's keys are not a valid profile.</exception>
    public static RouterProfile ProfileOf(RouterQuirk quirk)
    {
        ArgumentNullException.ThrowIfNull(quirk);
        var text = $"name: {quirk.Id}\n{quirk.Profile}";
        return RouterProfileCatalog.Parse(text, $"router-quirks.yaml ({quirk.Id})");
    }

    private static List<RouterQuirk> Load()
    {
        using var stream = typeof(RouterQuirkCatalog).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the resource {Resource} is missing");
        using var reader = new StreamReader(stream);
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return deserializer.Deserialize<List<RouterQuirk>>(reader);
    }
}
