namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>Waits for an effect that real sockets produce asynchronously, with a bound and without sleeping.</summary>
internal static class Poll
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    /// <returns>True as soon as <paramref name="condition"/> holds; false when <paramref name="within"/> ran out first.</returns>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var limit = within ?? TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (clock.GetElapsedTime(started) > limit)
            {
                return false;
            }

            await Task.Delay(Step, clock);
        }

        return true;
    }
}
