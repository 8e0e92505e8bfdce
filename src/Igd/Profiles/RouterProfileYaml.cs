using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IgdLab.Igd.Profiles;

/// <summary>
/// The YAML form of a router profile, both ways: camelCase keys, hyphenated enum values and a leading
/// <c>kind: profile</c>. What <see cref="Write"/> produces, <see cref="RouterProfileCatalog.Parse"/> reads back.
/// </summary>
public static class RouterProfileYaml
{
    /// <summary>The value of the top-level <c>kind</c> key that marks a file as a router profile.</summary>
    public const string Kind = "profile";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(HyphenatedNamingConvention.Instance)
        .WithTypeInspector(inner => new ProfileFileTypeInspector(inner))
        .WithEventEmitter(next => new ExplicitNullEmitter(next), where => where.OnBottom())
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.Preserve)
        .DisableAliases()
        .Build();

    /// <summary>The deserializer that <see cref="RouterProfileCatalog.Parse"/> reads profile text with.</summary>
    internal static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(HyphenatedNamingConvention.Instance)
        .WithTypeInspector(inner => new ProfileFileTypeInspector(inner))
        .Build();

    /// <summary>
    /// Every setting of <paramref name="profile"/>, defaults and unset (<c>null</c>) ones included, as a profile file.
    /// </summary>
    public static string Write(RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Serializer.Serialize(profile);
    }
}
