using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Configuration;

namespace Workflows.Infra.Tests;

/// <summary>
/// scripts/blob-trigger-targets.py turns functions.metadata into "function container subscription" lines, and
/// scripts/create-blob-subscriptions.sh turns those into Event Grid subscriptions (checked with --dry-run).
/// </summary>
public sealed class BlobTriggerTargetsTests
{
    [Theory]
    [InlineData("CalendarDrop", "calendars/{name}", "EventGrid", "CalendarDrop calendars blob-calendar-drop")]
    [InlineData(
        "RegistrationsInboxDrop",
        "registrations-inbox/{name}",
        "EventGrid",
        "RegistrationsInboxDrop registrations-inbox blob-registrations-inbox-drop"
    )]
    [InlineData("CoalReportDrop", "coal-reports/incoming/{name}", "eventGrid", "CoalReportDrop coal-reports blob-coal-report-drop")]
    [InlineData("retrofit_inbox", "retrofit-inbox/{name}.xlsx", "EventGrid", "retrofit_inbox retrofit-inbox blob-retrofit-inbox")]
    [InlineData("HTTPUpload", "coal-inbox/{name}", "EventGrid", "HTTPUpload coal-inbox blob-http-upload")]
    public void Extract_EventGridBlobTrigger_PrintsFunctionContainerAndSubscription(
        string function,
        string path,
        string source,
        string expectedLine
    )
    {
        var result = ListTargets(Metadata(Function(function, BlobTrigger(path, source))));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal([expectedLine], DeployHook.Lines(result.StandardOutput));
    }

    [Fact]
    public void Extract_NonTriggerBlobAndOtherBindings_AreIgnored()
    {
        var metadata = Metadata(
            Function("Health", Binding("httpTrigger"), Binding("http", direction: "Out")),
            Function("DeadlineSweep", Binding("timerTrigger")),
            Function(
                "ReadReport",
                Binding("queueTrigger"),
                new JsonObject
                {
                    ["type"] = "blob",
                    ["direction"] = "In",
                    ["path"] = "reports/{name}",
                }
            )
        );

        var result = ListTargets(metadata);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Empty(DeployHook.Lines(result.StandardOutput));
    }

    [Fact]
    public void Extract_SeveralBlobTriggers_OneLinePerFunctionSortedByName()
    {
        var metadata = Metadata(
            Function("RetrofitDrop", BlobTrigger("retrofit-inbox/{name}", "EventGrid")),
            Function("Health", Binding("httpTrigger")),
            Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid"))
        );

        var result = ListTargets(metadata);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal(
            ["CalendarDrop calendars blob-calendar-drop", "RetrofitDrop retrofit-inbox blob-retrofit-drop"],
            DeployHook.Lines(result.StandardOutput)
        );
    }

    [Theory]
    [InlineData("PolledDrop", "calendars/{name}", "LogsAndContainerScan", "Flex Consumption only runs")]
    [InlineData("DefaultSourceDrop", "calendars/{name}", null, "Flex Consumption only runs")]
    [InlineData("SettingDrop", "%INBOX_CONTAINER%/{name}", "EventGrid", "literal container name")]
    [InlineData("ExpressionDrop", "{container}/{name}", "EventGrid", "literal container name")]
    [InlineData("UpperCaseDrop", "Calendars/{name}", "EventGrid", "literal container name")]
    public void Extract_TriggerFlexCannotServe_FailsNamingTheFunction(string function, string path, string? source, string reason)
    {
        var result = ListTargets(Metadata(Function(function, BlobTrigger(path, source))));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(function, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(DeployHook.Lines(result.StandardOutput));
    }

    [Theory]
    [InlineData("{}", "not a JSON array")]
    [InlineData("not json", "Expecting value")]
    [InlineData("[{\"bindings\": []}]", "has no name")]
    public void Extract_MalformedMetadata_Fails(string json, string reason)
    {
        var result = ListTargets(json);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TwoFunctionsWithTheSameSubscriptionName_Fails()
    {
        var metadata = Metadata(
            Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid")),
            Function("Calendar_Drop", BlobTrigger("coal-inbox/{name}", "EventGrid"))
        );

        var result = ListTargets(metadata);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("blob-calendar-drop", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// The real functions.metadata that the Functions SDK wrote for this build (the project reference copies it next to
    /// the test assembly) lists exactly the [BlobTrigger] functions of the app, each with its container.
    /// </summary>
    [Fact]
    public void Extract_BuiltFunctionsMetadata_ListsEveryBlobTriggerOfTheApp()
    {
        var metadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(metadataPath), $"The Functions build wrote no {metadataPath}.");
        var expected = BlobTriggersDeclaredInCode()
            .Select(trigger => $"{trigger.Function} {trigger.Container}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(expected);

        var result = DeployHook.ListTargets(metadataPath);

        Assert.True(result.ExitCode == 0, result.Describe());
        var listed = DeployHook
            .Lines(result.StandardOutput)
            .Select(line => string.Join(' ', line.Split(' ').Take(2)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, listed);
    }

    [Fact]
    public void HookScript_DryRun_SubscribesEachFunctionToBlobCreatedInItsContainer()
    {
        var metadata = Metadata(
            Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid")),
            Function("CoalInboxDrop", BlobTrigger("coal-inbox/{name}", "EventGrid")),
            Function("Health", Binding("httpTrigger"))
        );

        var result = DryRun(metadata, new Dictionary<string, string?> { ["AZURE_FUNCTION_APP_URI"] = "https://func-test.example.net/" });

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal(
            [
                "subscription=blob-calendar-drop function=CalendarDrop container=calendars "
                    + "subject-begins-with=/blobServices/default/containers/calendars/ event-types=Microsoft.Storage.BlobCreated "
                    + "endpoint=https://func-test.example.net/runtime/webhooks/blobs?functionName=Host.Functions.CalendarDrop&code=<blobs_extension key>",
                "subscription=blob-coal-inbox-drop function=CoalInboxDrop container=coal-inbox "
                    + "subject-begins-with=/blobServices/default/containers/coal-inbox/ event-types=Microsoft.Storage.BlobCreated "
                    + "endpoint=https://func-test.example.net/runtime/webhooks/blobs?functionName=Host.Functions.CoalInboxDrop&code=<blobs_extension key>",
            ],
            DeployHook.Lines(result.StandardOutput)
        );
    }

    [Fact]
    public void HookScript_DryRunWithoutAppUri_UsesTheAppHostName()
    {
        var result = DryRun(
            Metadata(Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid"))),
            new Dictionary<string, string?> { ["AZURE_FUNCTION_APP_URI"] = null }
        );

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(
            "endpoint=https://func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.CalendarDrop&",
            result.StandardOutput,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_STORAGE_SYSTEM_TOPIC_NAME")]
    public void HookScript_MissingAzdValue_FailsNamingIt(string variable)
    {
        var result = DryRun(
            Metadata(Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid"))),
            new Dictionary<string, string?> { [variable] = null }
        );

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{variable} is not set", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(DeployHook.Lines(result.StandardOutput));
    }

    [Fact]
    public void HookScript_TriggerFlexCannotServe_FailsBeforeSubscribing()
    {
        var result = DryRun(
            Metadata(
                Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid")),
                Function("PolledDrop", BlobTrigger("coal-inbox/{name}", "LogsAndContainerScan"))
            ),
            new Dictionary<string, string?>()
        );

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PolledDrop", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(DeployHook.Lines(result.StandardOutput));
    }

    /// <summary>
    /// The real (non dry-run) path against a fake <c>az</c> on PATH that logs its arguments: one create per function
    /// with the key from <c>az functionapp keys list</c>, then only stale <c>blob-*</c> subscriptions are deleted.
    /// </summary>
    [Fact]
    public void HookScript_WithFakeAz_CreatesEachSubscriptionAndDeletesOnlyStaleOwnedOnes()
    {
        var fakeBin = Directory.CreateTempSubdirectory("workflows-fake-az-");
        try
        {
            var log = Path.Combine(fakeBin.FullName, "az.log");
            WriteExecutable(
                Path.Combine(fakeBin.FullName, "az"),
                """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_AZ_LOG"
                case "$*" in
                  "functionapp keys list"*) echo "fake-blobs-key" ;;
                  "eventgrid system-topic event-subscription list"*) printf 'blob-calendar-drop\nblob-renamed-drop\nmanual-subscription\n' ;;
                esac
                """
            );
            WriteExecutable(Path.Combine(fakeBin.FullName, "curl"), "#!/bin/sh\nexit 0\n");
            var metadata = Metadata(
                Function("CalendarDrop", BlobTrigger("calendars/{name}", "EventGrid")),
                Function("CoalInboxDrop", BlobTrigger("coal-inbox/{name}", "EventGrid"))
            );
            var environment = new Dictionary<string, string?>
            {
                ["PATH"] = fakeBin.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                ["FAKE_AZ_LOG"] = log,
                ["BLOB_SUBSCRIPTIONS_NO_AZD"] = "1",
                ["AZURE_RESOURCE_GROUP"] = "rg-test",
                ["AZURE_FUNCTION_APP_NAME"] = "func-test",
                ["AZURE_STORAGE_SYSTEM_TOPIC_NAME"] = "evgt-test",
                ["AZURE_FUNCTION_APP_URI"] = "https://func-test.example.net",
            };

            var result = DeployHook.WithMetadataFile(
                metadata,
                path =>
                    ProcessRunner.Run(
                        "bash",
                        [DeployHook.ScriptPath, "--metadata", path],
                        RepositoryRoot.Path,
                        DeployHook.Timeout,
                        environment
                    )
            );

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.DoesNotContain("fake-blobs-key", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
            var calls = File.ReadAllLines(log);
            Assert.Equal(
                [
                    "functionapp keys list --name func-test --resource-group rg-test --query systemKeys.blobs_extension --output tsv",
                    "eventgrid system-topic event-subscription create --name blob-calendar-drop --resource-group rg-test "
                        + "--system-topic-name evgt-test --endpoint-type webhook "
                        + "--endpoint https://func-test.example.net/runtime/webhooks/blobs?functionName=Host.Functions.CalendarDrop&code=fake-blobs-key "
                        + "--event-delivery-schema eventgridschema --included-event-types Microsoft.Storage.BlobCreated "
                        + "--subject-begins-with /blobServices/default/containers/calendars/ --output none",
                    "eventgrid system-topic event-subscription create --name blob-coal-inbox-drop --resource-group rg-test "
                        + "--system-topic-name evgt-test --endpoint-type webhook "
                        + "--endpoint https://func-test.example.net/runtime/webhooks/blobs?functionName=Host.Functions.CoalInboxDrop&code=fake-blobs-key "
                        + "--event-delivery-schema eventgridschema --included-event-types Microsoft.Storage.BlobCreated "
                        + "--subject-begins-with /blobServices/default/containers/coal-inbox/ --output none",
                    "eventgrid system-topic event-subscription list --resource-group rg-test --system-topic-name evgt-test --query [].name --output tsv",
                    "eventgrid system-topic event-subscription delete --name blob-renamed-drop --resource-group rg-test --system-topic-name evgt-test --yes --output none",
                ],
                calls
            );
        }
        finally
        {
            fakeBin.Delete(recursive: true);
        }
    }

    private static void WriteExecutable(string path, string content)
    {
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static ProcessResult ListTargets(string json) => DeployHook.WithMetadataFile(json, DeployHook.ListTargets);

    private static ProcessResult DryRun(string json, IReadOnlyDictionary<string, string?> overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-test",
            ["AZURE_STORAGE_SYSTEM_TOPIC_NAME"] = "evgt-test",
            ["AZURE_FUNCTION_APP_URI"] = null,
            ["FUNCTIONS_METADATA"] = null,
            ["BLOB_SUBSCRIPTIONS_NO_AZD"] = "1", // values come only from this dictionary, never from a local azd environment
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        return DeployHook.WithMetadataFile(
            json,
            path =>
                ProcessRunner.Run(
                    "bash",
                    [DeployHook.ScriptPath, "--dry-run", "--metadata", path],
                    RepositoryRoot.Path,
                    DeployHook.Timeout,
                    environment
                )
        );
    }

    private static IEnumerable<(string Function, string Container)> BlobTriggersDeclaredInCode() =>
        from type in typeof(SettingNames).Assembly.GetTypes()
        from method in type.GetMethods(
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly
        )
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<BlobTriggerAttribute>()
        where trigger is not null
        select (function.Name, trigger.BlobPath.Split('/')[0]);

    private static string Metadata(params JsonObject[] functions) => new JsonArray([.. functions]).ToJsonString();

    private static JsonObject Function(string name, params JsonObject[] bindings) =>
        new()
        {
            ["name"] = name,
            ["scriptFile"] = "Workflows.Functions.dll",
            ["language"] = "dotnet-isolated",
            ["bindings"] = new JsonArray([.. bindings]),
        };

    private static JsonObject Binding(string type, string direction = "In") =>
        new()
        {
            ["name"] = "binding",
            ["direction"] = direction,
            ["type"] = type,
        };

    private static JsonObject BlobTrigger(string path, string? source)
    {
        var binding = Binding("blobTrigger");
        binding["path"] = path;
        binding["connection"] = "AzureWebJobsStorage";
        if (source is not null)
        {
            binding["source"] = source;
        }

        return binding;
    }
}
