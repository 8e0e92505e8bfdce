namespace IgdLab.Igd.Soap;

/// <summary>A UPnP service as its SCPD describes it: actions and state variables, the single source for SCPD and SOAP.</summary>
internal sealed record ServiceDefinition(
    string Name,
    IReadOnlyList<ActionDefinition> Actions,
    IReadOnlyList<StateVariableDefinition> StateVariables)
{
    /// <summary>The actions a device of <paramref name="version"/> serves.</summary>
    public IEnumerable<ActionDefinition> ActionsFor(int version) => Actions.Where(a => a.SinceVersion <= version);

    /// <summary>The state variables a device of <paramref name="version"/> has.</summary>
    public IEnumerable<StateVariableDefinition> StateVariablesFor(int version) =>
        StateVariables.Where(v => v.SinceVersion <= version);

    /// <summary>The action named <paramref name="name"/> if a device of <paramref name="version"/> serves it.</summary>
    public ActionDefinition? FindAction(string name, int version) =>
        ActionsFor(version).FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
}

/// <summary>A SOAP action with its in and out arguments in SCPD order.</summary>
internal sealed record ActionDefinition(
    string Name,
    IReadOnlyList<ArgumentDefinition> In,
    IReadOnlyList<ArgumentDefinition> Out,
    int SinceVersion = 1);

/// <summary>An action argument and the state variable that gives its type.</summary>
internal sealed record ArgumentDefinition(string Name, string RelatedStateVariable);

/// <summary>A state variable: its UPnP data type, allowed values and whether it is evented.</summary>
internal sealed record StateVariableDefinition(
    string Name,
    string DataType,
    bool Evented = false,
    IReadOnlyList<string>? AllowedValues = null,
    int SinceVersion = 1);
