namespace IgdLab.Emulator.Timeline;

/// <summary>How one timeline event is named: its own kind's wire name and the kind the reports list it under.</summary>
/// <param name="Name">The kind's wire name in kebab case, e.g. <c>channel-open</c>; a note's detail starts with it.</param>
/// <param name="ListedAs">The report kind; <see cref="TimelineEventKind.Note"/> for kinds the reports have no column for.</param>
public readonly record struct TimelineEventName(string Name, TimelineEventKind ListedAs);
