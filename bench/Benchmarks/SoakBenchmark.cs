using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IgdLab.Benchmarks;

/// <summary>
/// A long run of the watchdog with its devices under random faults: a generated scenario (N devices behind 10
/// gateways, the watchdog probing each every second; drops, reboots and WAN address changes at seeded, jittered times)
/// played by <c>igdlab run</c> in a child process, whose resident memory, open descriptors and threads are sampled
/// every 10 s. The world — gateways, devices and the prober — is that one process, so its figures are theirs together.
/// Prints the samples, start against end, and the run's verdict (every device reachable at the end, no false remap).
/// </summary>
internal sealed class SoakBenchmark(BenchArguments arguments)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var devices = arguments.Devices[0];
        var duration = TimeSpan.FromMinutes(arguments.Minutes);
        var igdlab = FindIgdlab();
        var folder = Directory.CreateTempSubdirectory("igdlab-soak-");
        try
        {
            var scenario = Path.Combine(folder.FullName, "soak.yaml");
            await File.WriteAllTextAsync(scenario, Scenario(devices, duration), cancellationToken);
            var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet")
            {
                info.FileName = "dotnet";
            }

            foreach (var argument in new[] { igdlab, "run", scenario, "--plain" })
            {
                info.ArgumentList.Add(argument);
            }

            using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start igdlab run");
            var printed = new StringBuilder();
            child.OutputDataReceived += (_, e) => Append(printed, e.Data);
            child.ErrorDataReceived += (_, e) => Append(printed, e.Data);
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();

            var table = new FigureTable(
                $"soak: {Units.Whole(devices)} watchdog devices behind 10 gateways, {duration.TotalMinutes:0} min of random faults, one igdlab run process sampled every {SampleEvery.TotalSeconds:0} s",
                "elapsed s", "rss MB", "descriptors", "threads");
            var samples = new List<(TimeSpan At, double RssMb, int Descriptors, int Threads)>();
            var started = Stopwatch.GetTimestamp();
            while (!child.HasExited)
            {
                if (Sample(child.Id) is { } sample)
                {
                    var at = Stopwatch.GetElapsedTime(started);
                    samples.Add((at, sample.RssMb, sample.Descriptors, sample.Threads));
                    table.Row(Units.Whole(at.TotalSeconds), Units.OneDecimal(sample.RssMb), Units.Whole(sample.Descriptors), Units.Whole(sample.Threads));
                }

                try
                {
                    await child.WaitForExitAsync(cancellationToken).WaitAsync(SampleEvery, TimeProvider.System, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The next sample.
                }
            }

            await child.WaitForExitAsync(cancellationToken);
            table
                .Note("rss: VmRSS of the igdlab run process (world, devices, gateways and the prober); descriptors: entries of /proc/PID/fd.")
                .Note("The first samples include setting the world up; compare a sample after the first minute with the last.")
                .Print(output);
            if (samples.Count > 0)
            {
                var settled = samples.FirstOrDefault(sample => sample.At >= TimeSpan.FromMinutes(1), samples[0]);
                var last = samples[^1];
                output.WriteLine();
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"after the first minute → at the end: rss {settled.RssMb:0.0} → {last.RssMb:0.0} MB (max {samples.Max(s => s.RssMb):0.0}), descriptors {settled.Descriptors} → {last.Descriptors} (max {samples.Max(s => s.Descriptors)}), threads {settled.Threads} → {last.Threads}"));
            }

            output.WriteLine($"igdlab run exited with {child.ExitCode} (0: every expectation held); its summary:");
            lock (printed)
            {
                foreach (var line in printed.ToString().Split('\n').TakeLast(30))
                {
                    output.WriteLine($"  {line}");
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The soak's scenario: seeded random faults over the whole run, all the devices expected back at the end.</summary>
    internal static string Scenario(int devices, TimeSpan duration)
    {
        var seconds = (int)duration.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            name: soak
            description: A long run under random faults, generated by the benchmark's soak command.
            seed: 21
            duration: {{seconds}}s
            gateways:
              - { id: home, count: 10, profile: standard }
            devices:
              - { generate: {{devices}}, gateway: home, strategy: watchdog }
            watchdog:
              probeInterval: 1s
              probeTimeout: 1s
              timeoutConfirmations: 2
            faults:
              - { every: 3s, from: 5s, until: {{seconds - 30}}s, jitter: 2s, gateway: home, percent: 30, action: drop-mapping }
              - { every: 60s, from: 30s, until: {{seconds - 40}}s, jitter: 20s, gateway: home, percent: 10, action: reboot, downtime: 5s }
              - { every: 97s, from: 45s, until: {{seconds - 40}}s, jitter: 10s, gateway: home, percent: 10, action: change-wan-ip }
            oracle: { interval: 30s, watchInterval: 250ms }
            expect:
              allReachableAtEnd: true
              falseRemaps: 0
              leakedMappings: 0
            """);
    }

    private static void Append(StringBuilder printed, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (printed)
        {
            printed.AppendLine(line);
        }
    }

    /// <summary>The process's resident memory, open descriptors and threads, from /proc; null once it is gone.</summary>
    internal static ProcessSample? Sample(int processId)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{processId}/status");
            double Field(string name) =>
                double.Parse(status.First(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return new ProcessSample(Field("VmRSS:") / 1024, Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length, (int)Field("Threads:"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>igdlab.dll of this checkout's Release build (the benchmark runs from bench/Benchmarks/bin/Release/…).</summary>
    internal static string FindIgdlab()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "Emulator", "bin", "Release", "net10.0", "igdlab.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("igdlab.dll not found: build the solution in Release first (dotnet build IgdLab.slnx -c Release)");
    }

    /// <summary>A process's resident memory in MB, open descriptors and threads at one moment.</summary>
    internal readonly record struct ProcessSample(double RssMb, int Descriptors, int Threads);
}
