# 1. Login
TOKEN=$(curl -X POST "http://localhost:8000/api/auth/login" \
  -H "Content-Type: application/json" \
  -d '{"username":"admin","password":"password123"}' \
  | jq -r '.access_token')

# 2. Upload dataset
DATASET_RESPONSE=$(curl -X POST "http://localhost:8000/api/anomaly/datasets/upload" \
  -H "Authorization: Bearer $TOKEN" \
  -F "file=@security_logs.xlsx")

DATASET_ID=$(echo $DATASET_RESPONSE | jq -r '._id')
echo "Uploaded dataset: $DATASET_ID"

# 3. Poll for completion
while true; do
  SESSION=$(curl "http://localhost:8000/api/anomaly/datasets/$DATASET_ID/session" \
    -H "Authorization: Bearer $TOKEN")

  STATUS=$(echo $SESSION | jq -r '.status')
  PROGRESS=$(echo $SESSION | jq -r '.progress')

  echo "Status: $STATUS - Progress: $PROGRESS%"

  if [ "$STATUS" = "completed" ] || [ "$STATUS" = "error" ]; then
    break
  fi

  sleep 2
done

# 4. Get anomaly reports
REPORTS=$(curl "http://localhost:8000/api/anomaly/anomaly-reports?dataset_id=$DATASET_ID&status=triaged" \
  -H "Authorization: Bearer $TOKEN")

echo "Found $(echo $REPORTS | jq 'length') reports"

# 5. Get first critical report
REPORT_ID=$(echo $REPORTS | jq -r '.[0].id')

curl "http://localhost:8000/api/anomaly/anomaly-reports/$REPORT_ID" \
  -H "Authorization: Bearer $TOKEN" \
  | jq '.triage.severity, .triage.threat_context.threat_type, .triage.immediate_actions'

# 6. Mark as under review
curl -X PATCH "http://localhost:8000/api/anomaly/anomaly-reports/$REPORT_ID" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
    "status": "under_review",
    "assigned_to": "security-team@company.com",
    "resolution_notes": "Investigating incident"
  }'

# 7. Export report
curl "http://localhost:8000/api/anomaly/anomaly-reports/$REPORT_ID/export?format=json" \
  -H "Authorization: Bearer $TOKEN" \
  -o "anomaly_report_$REPORT_ID.json"

echo "Report exported successfully"
