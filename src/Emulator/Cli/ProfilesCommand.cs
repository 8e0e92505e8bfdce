using System.CommandLine;
using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab profiles</c>: the built-in router profiles and what each does; <c>igdlab profiles show NAME|FILE</c>: every
/// setting of one, as a profile file that can be saved, edited and given back.
/// </summary>
internal static class ProfilesCommand
{
    public static Command Create()
    {
        var command = new Command("profiles", "List the built-in router profiles and what each does") { CreateShow(), CreateQuirks(), CreateSchema() };
        command.SetAction(_ =>
        {
            foreach (var profile in RouterProfileCatalog.BuiltIn.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"{profile.Name,-26} IGD:{profile.IgdVersion}  {profile.Summary}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Writes every setting of the built-in profile or profile file <paramref name="nameOrPath"/> as YAML to
    /// <paramref name="output"/>; an unknown name or an invalid file goes to <paramref name="error"/> with exit code 2.
    /// </summary>
    internal static int Show(string nameOrPath, TextWriter output, TextWriter error)
    {
        RouterProfile profile;
        if (RouterProfileCatalog.BuiltIn.TryGetValue(nameOrPath, out var builtIn))
        {
            profile = builtIn;
        }
        else if (File.Exists(nameOrPath))
        {
            try
            {
                profile = RouterProfileCatalog.Parse(File.ReadAllText(nameOrPath), nameOrPath);
            }
            catch (RouterProfileException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.InvalidInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"igdlab profiles show: cannot read {nameOrPath}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
        }
        else
        {
            var names = RouterProfileCatalog.BuiltIn.Keys.Order(StringComparer.Ordinal).ToList();
            var hint = NameSuggester.Suggest(nameOrPath, names) is { } near ? $"; did you mean '{near}'?" : "";
            error.WriteLine(
                $"igdlab profiles show: unknown router profile '{nameOrPath}'{hint} (built-in: {string.Join(", ", names)}; or the path of a profile file)");
            return ExitCodes.InvalidInput;
        }

        output.Write(RouterProfileYaml.Write(profile));
        return ExitCodes.Success;
    }

    /// <summary>Writes every documented router quirk with the profile keys (and fault) that reproduce it.</summary>
    internal static int Quirks(TextWriter output)
    {
        foreach (var group in RouterQuirkCatalog.All.GroupBy(q => q.Group))
        {
            output.WriteLine($"{group.Key}:");
            foreach (var quirk in group)
            {
                var keys = string.Join("; ", quirk.Profile.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                var fault = quirk.Fault is { } f ? $"  (fault: {f})" : "";
                output.WriteLine($"  {quirk.Id,-24} {(keys.Length > 0 ? keys : "(every router)")}{fault}");
                output.WriteLine($"  {"",-24} {quirk.Behaviour}; seen on {quirk.SeenOn}");
            }
        }

        return ExitCodes.Success;
    }

    private static Command CreateQuirks()
    {
        var quirks = new Command("quirks", "List the documented bugs of real routers and the profile keys that reproduce each");
        quirks.SetAction(_ => Quirks(Console.Out));
        return quirks;
    }

    private static Command CreateSchema()
    {
        var schema = new Command("schema", "Print the JSON Schema of router profile files (scenarios/profile.schema.json)");
        schema.SetAction(_ =>
        {
            Console.Out.Write(RouterProfileSchema.Generate());
            return ExitCodes.Success;
        });
        return schema;
    }

    private static Command CreateShow()
    {
        var nameOrPath = new Argument<string>("NAME|FILE") { Description = "A built-in profile's name or the path of a profile file" };
        var show = new Command("show", "Print every setting of a router profile as YAML, defaults included; save it as a file to start your own")
        {
            nameOrPath,
        };
        show.SetAction(result => Show(result.GetValue(nameOrPath)!, Console.Out, Console.Error));
        return show;
    }
}
