using System.Text;
using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Igd.Profiles;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// Tells a router profile file from a scenario file, cheaply: by its name (<c>*.profile.yaml</c>, <c>*.profile.yml</c>,
/// <c>*.profile.json</c>), else by a top-level <c>kind: profile</c>. Anything else, unreadable files included, is a
/// scenario, so that the scenario loader reports what is wrong with it.
/// </summary>
internal static class LabFileKinds
{
    private static readonly string[] ProfileSuffixes = [".profile.yaml", ".profile.yml", ".profile.json"];

    /// <summary>Whether <paramref name="path"/> names a profile by its file name alone.</summary>
    public static bool IsProfileName(string path) =>
        ProfileSuffixes.Any(suffix => path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>What the file at <paramref name="path"/> holds.</summary>
    public static LabFileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsProfileName(path))
        {
            return LabFileKind.Profile;
        }

        try
        {
            if (new FileInfo(path).Length > YamlLimits.Default.MaxBytes)
            {
                return LabFileKind.Scenario;
            }

            using var reader = new StreamReader(path, Encoding.UTF8);
            return DeclaredKind(new Parser(reader)) == RouterProfileYaml.Kind ? LabFileKind.Profile : LabFileKind.Scenario;
        }
        catch (Exception ex) when (ex is YamlException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws InvalidOperationException on some broken input (an unclosed flow mapping).
            return LabFileKind.Scenario;
        }
    }

    /// <summary>
    /// The value of the first document's top-level <c>kind</c> key, or null when it has none. Reads events up to that key
    /// only, skipping the values of the keys before it without building them.
    /// </summary>
    internal static string? DeclaredKind(IParser parser)
    {
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _) || !parser.TryConsume<MappingStart>(out _))
        {
            return null;
        }

        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                // A complex key (a list or mapping as key): skip it; its value is skipped below.
                parser.SkipThisAndNestedEvents();
            }
            else if (key.Value == "kind")
            {
                return parser.TryConsume<Scalar>(out var value) ? value.Value : null;
            }

            parser.SkipThisAndNestedEvents();
        }

        return null;
    }
}
