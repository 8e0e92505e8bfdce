namespace IgdLab.Device.Devices;

/// <summary>
/// Raises an event to each of its observers in turn, containing what one throws: observers watch a mapping, they
/// must not turn a mapping that succeeded into a failure nor keep the observers after them from hearing of it.
/// </summary>
internal static class Observers
{
    /// <summary>Calls every observer of <paramref name="handler"/> with <paramref name="argument"/>; an observer's exception is dropped.</summary>
    public static void Notify<T>(Action<T>? handler, T argument)
    {
        if (handler is null)
        {
            return;
        }

        foreach (var observer in handler.GetInvocationList())
        {
            try
            {
                ((Action<T>)observer)(argument);
            }
            catch (Exception)
            {
                // Contained: the device has no log of its own, and the observer's failure is not the mapping's.
            }
        }
    }
}
