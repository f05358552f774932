using GoLive.Runtime.Launcher;

namespace GoLive.Runtime.Tests.Launcher;

public sealed class RuntimeCommandLineTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("run", "--no-such-option")]
    [InlineData("run", "--ready-timeout", "soon")]
    [InlineData("sidecar", "--app-port", "5000")]
    [InlineData("sidecar", "--app-id", "a", "--dapr-http-port", "70000")]
    public async Task A_wrong_command_line_exits_with_code_2(params string[] args)
    {
        Assert.Equal(2, await RuntimeCommandLine.RunAsync(args));
    }

    [Fact]
    public async Task A_missing_run_file_exits_with_code_1()
    {
        Assert.Equal(1, await RuntimeCommandLine.RunAsync(["run", "-f", Path.Combine(Path.GetTempPath(), "golive-missing", "dapr.yaml")]));
    }

    [Fact]
    public void Options_accept_aliases_inline_values_and_repeats()
    {
        var arguments = new CommandLineArguments(["-f", "x.yaml", "--resources-path=a", "--resources-path", "b", "--exit-on-app-exit"],
            [["--run-file", "-f"], ["--resources-path"]], ["--exit-on-app-exit"]);

        Assert.Equal("x.yaml", arguments.Value("--run-file"));
        Assert.Equal(["a", "b"], arguments.Values("--resources-path"));
        Assert.True(arguments.Flag("--exit-on-app-exit"));
    }

    [Fact]
    public void The_help_says_where_the_run_tokens_come_from_and_that_they_are_never_printed()
    {
        Assert.Contains("DAPR_API_TOKEN", RuntimeCommandLine.Help);
        Assert.Contains("APP_API_TOKEN", RuntimeCommandLine.Help);
        Assert.Contains("never printed", RuntimeCommandLine.Help);
    }

    [Fact]
    public void The_help_explains_why_dotnet_run_apps_are_built_first()
    {
        Assert.Contains("--no-build", RuntimeCommandLine.Help);
        Assert.Contains("obj/", RuntimeCommandLine.Help);
    }
}
