using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Http;

public sealed class RequestAuthorizationTests
{
    private static readonly RequestAuthorization Authorization = new(
        new PrincipalResolver(
            Options.Create(
                new IdentityOptions
                {
                    ApiKeys =
                    [
                        new ApiKeyOptions
                        {
                            Key = "key-officer",
                            Id = "officer-1",
                            Name = "王敏",
                            Role = Role.RegistrationOfficer,
                            Agency = "411100",
                        },
                    ],
                }
            )
        ),
        Options.Create(new Workflows.Functions.Hosting.LimitsOptions())
    );

    private static Dictionary<string, string> Key(string key) => new() { [PrincipalResolver.ApiKeyHeader] = key };

    [Fact]
    public async Task Require_Anonymous_Returns401Problem()
    {
        var (principal, problem) = Authorization.Require(ResultExecution.Request());

        Assert.Null(principal);
        var response = await ResultExecution.ExecuteAsync(problem!);
        Assert.Equal(401, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(ApiProblems.TypeBase + "unauthenticated", response.Text("type"));
        Assert.Contains(PrincipalResolver.ApiKeyHeader, response.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Require_UnknownKey_Returns401ProblemWithReason()
    {
        var (principal, problem) = Authorization.Require(ResultExecution.Request(Key("nope")));

        Assert.Null(principal);
        var response = await ResultExecution.ExecuteAsync(problem!);
        Assert.Equal(401, response.Status);
        Assert.Contains("not recognised", response.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.AuthorityHead)]
    [InlineData(Role.Enterprise)]
    public async Task Require_WrongRole_Returns403Problem(Role allowed)
    {
        var (principal, problem) = Authorization.Require(ResultExecution.Request(Key("key-officer")), allowed);

        Assert.Null(principal);
        var response = await ResultExecution.ExecuteAsync(problem!);
        Assert.Equal(403, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(ApiProblems.TypeBase + "forbidden", response.Text("type"));
        Assert.Contains(nameof(Role.RegistrationOfficer), response.Text("detail"), StringComparison.Ordinal);
        Assert.Contains(allowed.ToString(), response.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void Require_AllowedRole_ReturnsPrincipal()
    {
        var (principal, problem) = Authorization.Require(
            ResultExecution.Request(Key("key-officer")),
            Role.AuthorityHead,
            Role.RegistrationOfficer
        );

        Assert.Null(problem);
        Assert.Equal("officer-1", principal?.Id);
    }
}
