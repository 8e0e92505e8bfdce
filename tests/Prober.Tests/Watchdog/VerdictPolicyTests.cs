using IgdLab.Contracts;
using IgdLab.Prober.Watchdog;

namespace IgdLab.Prober.Tests.Watchdog;

public sealed class VerdictPolicyTests
{
    private static readonly DeviceStanding Suspected = new(Current: true, EpisodeOpen: true, FailureDetected: false, AwaitingVerification: false);
    private static readonly DeviceStanding Detected = Suspected with { FailureDetected = true };
    private static readonly DeviceStanding Verifying = Detected with { AwaitingVerification = true };

    [TestCase(ProbeOutcome.Timeout, true)]
    [TestCase(ProbeOutcome.Refused, false)]
    [TestCase(ProbeOutcome.WrongDevice, false)]
    [TestCase(ProbeOutcome.HandshakeFailure, false)]
    [TestCase(ProbeOutcome.Ok, false)]
    public void NeedsConfirmation_OnlyATimeout_MayBeALostPacket(ProbeOutcome outcome, bool expected) =>
        Assert.That(VerdictPolicy.NeedsConfirmation(outcome), Is.EqualTo(expected));

    [TestCase(ProbeOutcome.Refused)]
    [TestCase(ProbeOutcome.Timeout)]
    [TestCase(ProbeOutcome.WrongDevice)]
    [TestCase(ProbeOutcome.HandshakeFailure)]
    public void JudgeAttempt_HealthyDeviceFails_Suspect(ProbeOutcome outcome) =>
        Assert.That(VerdictPolicy.JudgeAttempt(outcome, DeviceStanding.Healthy), Is.EqualTo(Verdict.Suspect));

    [Test]
    public void JudgeAttempt_HealthyDeviceAnswers_Unchanged() =>
        Assert.That(VerdictPolicy.JudgeAttempt(ProbeOutcome.Ok, DeviceStanding.Healthy), Is.EqualTo(Verdict.Unchanged));

    [Test]
    public void JudgeAttempt_EpisodeAlreadyOpen_NoSecondSuspicion() =>
        Assert.That(VerdictPolicy.JudgeAttempt(ProbeOutcome.Refused, Detected), Is.EqualTo(Verdict.Unchanged));

    [Test]
    public void JudgeAttempt_ReplacedMapping_Unchanged() =>
        Assert.That(VerdictPolicy.JudgeAttempt(ProbeOutcome.Refused, DeviceStanding.Healthy with { Current = false }), Is.EqualTo(Verdict.Unchanged));

    [Test]
    public void Judge_HealthyDeviceAnswers_Unchanged() =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.Ok, DeviceStanding.Healthy), Is.EqualTo(Verdict.Unchanged));

    [Test]
    public void Judge_ReplacedMappingFailed_UnchangedSoTheNewOneIsNotJudged() =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.Refused, Detected with { Current = false }), Is.EqualTo(Verdict.Unchanged));

    [Test]
    public void Judge_SuspectAnswersAfterAll_SuspicionCleared() =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.Ok, Suspected), Is.EqualTo(Verdict.SuspicionCleared));

    [TestCase(ProbeOutcome.Refused)]
    [TestCase(ProbeOutcome.Timeout)]
    [TestCase(ProbeOutcome.WrongDevice)]
    [TestCase(ProbeOutcome.HandshakeFailure)]
    public void Judge_SuspectStillFails_Failed(ProbeOutcome outcome) =>
        Assert.That(VerdictPolicy.Judge(outcome, Suspected), Is.EqualTo(Verdict.Failed));

    [TestCase(false)]
    [TestCase(true)]
    public void Judge_DetectedDeviceAnswers_Recovered(bool awaitingVerification) =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.Ok, Detected with { AwaitingVerification = awaitingVerification }), Is.EqualTo(Verdict.Recovered));

    [Test]
    public void Judge_ReportedMappingFailsToo_RemapIneffective() =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.WrongDevice, Verifying), Is.EqualTo(Verdict.RemapIneffective));

    [Test]
    public void Judge_DetectedDeviceStillFails_StillFailing() =>
        Assert.That(VerdictPolicy.Judge(ProbeOutcome.Refused, Detected), Is.EqualTo(Verdict.StillFailing));

    [TestCase("Failed", true)]
    [TestCase("RemapIneffective", true)]
    [TestCase("StillFailing", true)]
    [TestCase("Unchanged", false)]
    [TestCase("Suspect", false)]
    [TestCase("SuspicionCleared", false)]
    [TestCase("Recovered", false)]
    public void CallsForRemap_OnlyFailureVerdicts(string verdict, bool expected) =>
        Assert.That(VerdictPolicy.CallsForRemap(Enum.Parse<Verdict>(verdict)), Is.EqualTo(expected));
}
