using System.CommandLine;
using IgdLab.Emulator.Cli;

namespace IgdLab.Emulator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("IgdLab: a testbed for UPnP port mapping")
        {
            RunCommand.Create(),
            ServeCommand.Create(),
            ProfilesCommand.Create(),
            UpnpCommand.Create(),
            ValidateCommand.Create(),
            DeviceCommand.Create(),
            ProberCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"igdlab: {error.Message}");
            }

            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync();
    }
}
