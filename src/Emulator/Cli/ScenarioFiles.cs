using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// The scenario files named on a command line (files, or folders searched for <c>*.yaml</c>, <c>*.yml</c> and
/// <c>*.profile.json</c>), loaded and validated; each problem is written as <c>file:line:column: error: message</c>.
/// Router profile files among them (<see cref="LabFileKinds"/>) are checked as profiles or left out, as
/// <see cref="ScenarioFileUse"/> says. Shared by <c>validate</c> and <c>run</c>.
/// </summary>
internal static class ScenarioFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml"];

    /// <summary>Loads every file under <paramref name="paths"/>, writing the problems of the invalid ones to <paramref name="output"/>.</summary>
    public static ScenarioFileSet Load(IReadOnlyList<string> paths, TextWriter output, ScenarioFileUse use)
    {
        var scenarios = new List<(string, Scenario)>();
        var profiles = 0;
        var invalid = 0;
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                output.WriteLine(new ScenarioDiagnostic(path, 0, 0, "no such file or folder"));
                invalid++;
                continue;
            }

            var isFolder = !File.Exists(path);
            var files = Files(path).Select(file => (File: file, Kind: LabFileKinds.Of(file))).ToList();
            if (files.Count == 0)
            {
                output.WriteLine(new ScenarioDiagnostic(path, 0, 0, "no scenario files (*.yaml, *.yml) in this folder"));
                invalid++;
            }
            else if (use == ScenarioFileUse.Run && isFolder && files.All(f => f.Kind == LabFileKind.Profile))
            {
                output.WriteLine(new ScenarioDiagnostic(path, 0, 0, "only router profile files in this folder; no scenario to run"));
                invalid++;
            }

            foreach (var (file, kind) in files)
            {
                if (kind == LabFileKind.Scenario)
                {
                    if (LoadScenario(file, output, use) is { } scenario)
                    {
                        scenarios.Add((file, scenario));
                    }
                    else
                    {
                        invalid++;
                    }
                }
                else if (use == ScenarioFileUse.Validate)
                {
                    if (CheckProfile(file, output))
                    {
                        profiles++;
                    }
                    else
                    {
                        invalid++;
                    }
                }
                else if (!isFolder)
                {
                    // Named on its own it was meant to run; in a folder it is there for the scenarios that use it.
                    output.WriteLine(new ScenarioDiagnostic(file, 0, 0, "this is a router profile file, not a scenario; scenarios use it with profile: PATH"));
                    invalid++;
                }
            }
        }

        return new ScenarioFileSet(scenarios, profiles, invalid);
    }

    private static Scenario? LoadScenario(string file, TextWriter output, ScenarioFileUse use)
    {
        var result = ScenarioLoader.LoadFile(file);
        if (result.IsValid && result.Scenario is { } scenario)
        {
            if (use == ScenarioFileUse.Validate)
            {
                output.WriteLine($"{file}: scenario '{scenario.Name}'");
                if (BackendWarning(scenario) is { } warning)
                {
                    output.WriteLine($"{file}: warning: {warning}");
                }

                foreach (var difference in BackendDifferences.Of(scenario.On(scenario.Backends.Contains(GatewayBackend.Miniupnpd) ? GatewayBackend.Miniupnpd : null)))
                {
                    output.WriteLine($"{file}: note: {difference}");
                }
            }

            return scenario;
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic);
        }

        return null;
    }

    // A real-router gateway is valid anywhere but runs only where namespaces and the daemon are at hand; run skips it.
    private static string? BackendWarning(Scenario scenario)
    {
        if (MiniupnpdRouter.MissingPrerequisite() is not { } missing)
        {
            return null;
        }

        if (scenario.Backends.Contains(GatewayBackend.Miniupnpd))
        {
            return $"the scenario also runs on backend miniupnpd, which this host cannot run ({missing}); igdlab run will skip that run";
        }

        return scenario.Gateways.FirstOrDefault(g => g.Backend == GatewayBackend.Miniupnpd) is { } gateway
            ? $"gateway '{gateway.Id}' uses backend miniupnpd, which this host cannot run ({missing}); igdlab run will skip this scenario"
            : null;
    }

    private static bool CheckProfile(string file, TextWriter output)
    {
        try
        {
            var profile = RouterProfileCatalog.Parse(File.ReadAllText(file), file);
            output.WriteLine($"{file}: router profile '{profile.Name}'");
            return true;
        }
        catch (RouterProfileException ex)
        {
            // Already file:line:column: message, one problem a line.
            output.WriteLine(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.WriteLine(new ScenarioDiagnostic(file, 0, 0, $"cannot read the file: {ex.Message}"));
        }

        return false;
    }

    private static List<string> Files(string path) =>
        File.Exists(path)
            ? [path]
            : [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) || LabFileKinds.IsProfileName(f))
                .Order(StringComparer.Ordinal)];
}
