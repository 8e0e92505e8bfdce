using System.Reflection;
using IgdLab.Igd.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization.NamingConventions;

namespace IgdLab.Igd.Profiles;

/// <summary>The router profiles: the built-in ones shipped as YAML resources, and profile files a user names.</summary>
public static class RouterProfileCatalog
{
    private const string ResourcePrefix = "IgdLab.Igd.Profiles.";

    private static readonly Lazy<IReadOnlyDictionary<string, RouterProfile>> BuiltIns = new(LoadBuiltIns);

    /// <summary>The built-in profiles by name.</summary>
    public static IReadOnlyDictionary<string, RouterProfile> BuiltIn => BuiltIns.Value;

    /// <summary>The default profile (<c>standard</c>).</summary>
    public static RouterProfile Standard => BuiltIn["standard"];

    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>: a built-in profile's name, or the path of a YAML or JSON profile file.
    /// </summary>
    /// <exception cref="RouterProfileException">The name is unknown or the file is invalid.</exception>
    public static RouterProfile Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (BuiltIn.TryGetValue(nameOrPath, out var profile))
        {
            return profile;
        }

        if (File.Exists(nameOrPath))
        {
            return Parse(File.ReadAllText(nameOrPath), nameOrPath);
        }

        throw new RouterProfileException(
            $"unknown router profile '{nameOrPath}' (built-in: {string.Join(", ", BuiltIn.Keys.Order(StringComparer.Ordinal))}; or give a profile file)");
    }

    /// <summary>
    /// Parses profile text (YAML, which includes JSON); <paramref name="source"/> names it in errors. A top-level
    /// <c>kind: profile</c> (see <see cref="RouterProfileYaml"/>) is accepted and marks the file as a profile.
    /// </summary>
    /// <exception cref="RouterProfileException">The text is not a valid profile; the message has source:line:column.</exception>
    public static RouterProfile Parse(string text, string source)
    {
        RouterProfile? profile;
        try
        {
            profile = RouterProfileYaml.Deserializer.Deserialize<RouterProfile>(text);
        }
        catch (Exception ex) when (ex is SyntaxErrorException or SemanticErrorException or InvalidOperationException or ArgumentException or FormatException)
        {
            // The text is not YAML (a tab indent, an unclosed quote or bracket): say which, where.
            var problem = YamlSyntaxProblem.Describe(ex, text);
            throw new RouterProfileException($"{source}:{problem.Line}:{problem.Column}: YAML syntax: {problem.Message}", ex);
        }
        catch (YamlException ex)
        {
            // The value quoted in the message may span lines (a plain scalar with a blank line in it): one problem, one line.
            var message = (ex.InnerException?.Message ?? ex.Message).ReplaceLineEndings("\\n");
            throw new RouterProfileException($"{source}:{ex.Start.Line}:{ex.Start.Column}: {message}", ex);
        }

        if (profile is null)
        {
            throw new RouterProfileException($"{source}:1:1: the profile is empty");
        }

        var problems = Validate(profile);
        if (problems.Count > 0)
        {
            throw new RouterProfileException(string.Join(Environment.NewLine, problems.Select(p => $"{source}: {p.ReplaceLineEndings("\\n")}")));
        }

        return profile;
    }

    /// <summary>Every problem of a profile at once; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(RouterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<string>();
        AddMissingValues(profile, "", problems);
        if (problems.Count > 0)
        {
            // The checks below read inside the sections; one that is missing is all there is to say.
            return problems;
        }

        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            problems.Add("name: must not be empty");
        }

        if (profile.IgdVersion is not (1 or 2))
        {
            problems.Add($"igdVersion: must be 1 or 2, not {profile.IgdVersion}");
        }

        foreach (var (field, value) in new[] { ("serverHeader", profile.ServerHeader), ("friendlyName", profile.FriendlyName) })
        {
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                problems.Add($"{field}: must be one line (it goes into SSDP and HTTP headers)");
            }
        }

        if (profile.MaxMappings < 1)
        {
            problems.Add($"maxMappings: must be at least 1, not {profile.MaxMappings}");
        }

        if (profile.Leases.MaxSeconds < 1)
        {
            problems.Add("leases.maxSeconds: must be at least 1");
        }

        if (profile.IdleCleanup is { IntervalSeconds: 0 })
        {
            problems.Add("idleCleanup.intervalSeconds: must be at least 1");
        }

        if (profile.PortControl.MinLifetimeSeconds < 1)
        {
            problems.Add("portControl.minLifetimeSeconds: must be at least 1");
        }

        if (profile.PortControl.MaxLifetimeSeconds < profile.PortControl.MinLifetimeSeconds)
        {
            problems.Add(
                $"portControl.maxLifetimeSeconds: must be at least minLifetimeSeconds ({profile.PortControl.MinLifetimeSeconds}), not {profile.PortControl.MaxLifetimeSeconds}");
        }

        ValidateQuirks(profile, problems);
        return problems;
    }

    // A key without a value ("portControl:") reads as null, whatever the member's type; only the settings declared
    // nullable may be null. Name is left to its own check, which also refuses blanks.
    private static void AddMissingValues(object settings, string prefix, List<string> problems)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = prefix + CamelCaseNamingConvention.Instance.Apply(property.Name);
            var value = property.GetValue(settings);
            if (value is null)
            {
                if (!property.PropertyType.IsValueType && property.Name != nameof(RouterProfile.Name)
                    && nullability.Create(property).WriteState == NullabilityState.NotNull)
                {
                    problems.Add($"{key}: must have a value (leave the key out for the default)");
                }
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsArray)
            {
                AddMissingValues(value, key + ".", problems);
            }
        }
    }

    private static void ValidateQuirks(RouterProfile profile, List<string> problems)
    {
        if (profile.Discovery.ReplySourceAddress is { } source
            && (!System.Net.IPAddress.TryParse(source, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
        {
            problems.Add($"discovery.replySourceAddress: must be an IPv4 address, not '{source}'");
        }

        if (profile.Discovery.DualIgd && profile.IgdVersion < 2)
        {
            problems.Add("discovery.dualIgd: needs igdVersion 2 (the router answers as IGD:2 and as IGD:1)");
        }

        var services = profile.Description.ConnectionServices;
        if (services.Length == 0)
        {
            problems.Add("description.connectionServices: must name at least one of ip, ppp");
        }
        else if (services.Distinct().Count() != services.Length)
        {
            problems.Add("description.connectionServices: names a service twice");
        }

        if (profile.Description.MisadvertisedService && !services.Contains(ConnectionService.Ip))
        {
            problems.Add("description.misadvertisedService: needs the ip connection service (it is what gets misadvertised)");
        }

        if (profile.Soap.EmptyClientEntries is < 0 or > 64)
        {
            problems.Add($"soap.emptyClientEntries: must be between 0 and 64, not {profile.Soap.EmptyClientEntries}");
        }

        if (profile.ZombieAfterSeconds == 0)
        {
            problems.Add("zombieAfterSeconds: must be at least 1 (leave it out for mappings that keep forwarding)");
        }

        if (profile.Leases.OverrideSeconds == 0)
        {
            problems.Add("leases.overrideSeconds: must be at least 1 (leave it out to honour requested leases)");
        }
    }

    private static IReadOnlyDictionary<string, RouterProfile> LoadBuiltIns()
    {
        var assembly = typeof(RouterProfileCatalog).Assembly;
        var profiles = new Dictionary<string, RouterProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var profile = Parse(reader.ReadToEnd(), resource[ResourcePrefix.Length..]);
            profiles.Add(profile.Name, profile);
        }

        return profiles;
    }
}
