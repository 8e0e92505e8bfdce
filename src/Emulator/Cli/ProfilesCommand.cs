using System.CommandLine;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab profiles</c>: the built-in router profiles and what each does.</summary>
internal static class ProfilesCommand
{
    public static Command Create()
    {
        var command = new Command("profiles", "List the built-in router profiles and what each does");
        command.SetAction(_ =>
        {
            foreach (var profile in RouterProfileCatalog.BuiltIn.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"{profile.Name,-16} IGD:{profile.IgdVersion}  {profile.Summary}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
