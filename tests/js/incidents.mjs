// A JavaScript SDK v3 client, configured by the environment only, as a real program would be.
// Usage: node incidents.mjs get <arn> | create-event <arn> | missing <arn> | missing-retried <arn>
import {
  SSMIncidentsClient,
  GetIncidentRecordCommand,
  CreateTimelineEventCommand,
} from "@aws-sdk/client-ssm-incidents";

const [action, arn] = process.argv.slice(2);
// "missing-retried": the SDK's default retries, which also retry an error it took for clock skew.
const client = new SSMIncidentsClient(action === "missing-retried" ? {} : { maxAttempts: 1 });

try {
  if (action === "create-event") {
    const created = await client.send(
      new CreateTimelineEventCommand({
        incidentRecordArn: arn,
        eventTime: new Date("2026-03-14T10:00:00Z"),
        eventType: "Note",
        eventData: JSON.stringify("Paged from JavaScript"),
      }),
    );
    console.log(JSON.stringify({ eventId: created.eventId, status: created.$metadata.httpStatusCode }));
  } else {
    const got = await client.send(new GetIncidentRecordCommand({ arn }));
    const record = got.incidentRecord;
    console.log(JSON.stringify({ title: record.title, impact: record.impact, created: record.creationTime.toISOString() }));
  }
} catch (error) {
  const seen = { error: error.name, status: error.$metadata?.httpStatusCode, resourceType: error.resourceType };
  if (action === "missing-retried") {
    seen.attempts = error.$metadata?.attempts;
    seen.clockSkewCorrected = error.$metadata?.clockSkewCorrected ?? false;
  }
  console.log(JSON.stringify(seen));
}
