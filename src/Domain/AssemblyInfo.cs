namespace Workflows.Domain;
