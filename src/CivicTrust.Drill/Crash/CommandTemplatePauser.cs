namespace CivicTrust.Drill.Crash;

/// <summary>
/// Freezes and thaws a node with two shell command templates (<c>--pause-command</c>, <c>--resume-command</c>), e.g.
/// <c>ssh {host} kill -STOP {pid}</c>: for nodes this machine cannot signal by pid itself (other hosts, or local
/// processes behind a non-loopback address). Placeholders as for <see cref="ShellCommandTemplate"/>.
/// </summary>
public sealed class CommandTemplatePauser(string pauseTemplate, string resumeTemplate) : INodePauser
{
    private readonly ShellCommandTemplate _pause = new(pauseTemplate);
    private readonly ShellCommandTemplate _resume = new(resumeTemplate);

    /// <inheritdoc/>
    public string Description => $"pause: {pauseTemplate}; resume: {resumeTemplate}";

    /// <inheritdoc/>
    public Task PauseAsync(CrashTarget target, CancellationToken token) => _pause.RunAsync(target, "pause", token);

    /// <inheritdoc/>
    public Task ResumeAsync(CrashTarget target, CancellationToken token) => _resume.RunAsync(target, "resume", token);
}
