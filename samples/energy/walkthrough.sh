#!/bin/bash
# Run from the repository root after: dotnet run --project src/LocalHost -- --in-memory --port 7090
# Energy walk-through against: dotnet run --project src/LocalHost -- --in-memory --port 7090
H=http://localhost:7090/api; J='Content-Type: application/json'
PO='X-Api-Key: dev-project-owner'; MD='X-Api-Key: dev-municipal-drc'; PD='X-Api-Key: dev-provincial-drc'; CO='X-Api-Key: dev-county-office'
step(){ echo; echo "### $*"; }
until curl -sf $H/health > /dev/null; do sleep 1; done
step "1. intake (Arts. 8-11): the owner files; acceptedOn back-dates a paper filing"
cat > /tmp/filing.json <<'J'
{"projectName":"漯河某化工有限公司煤制合成氨原料项目","ownerUscc":"91411102MA45B8C906","ownerName":"漯河市郾城区建材有限公司",
 "kind":"new","industry":"chemicals","coalUse":"rawMaterial","newCoalConsumptionTonnes":3000,
 "location":{"city":"漯河市","county":"源汇区"},"annualEnergyConsumptionTce":2500,"acceptedOn":"2025-01-06"}
J
curl -s -X POST $H/coal-projects -H "$PO" -H "$J" --data-binary @/tmp/filing.json | tee /tmp/c1; echo
ID=$(jq -r .caseId /tmp/c1); sleep 2
step "2. Q and the route on the case"
curl -s $H/cases/$ID -H "$MD" | jq '{state, awaitedEvents, formula: .data.substitution.formula, route: .data.route.explanation, requiredBeforeReview: .data.requiredBeforeReview}'
step "3. a bad filing: 400 problem+json naming field and rule"
curl -s -X POST $H/coal-projects -H "$MD" -H "$J" -d '{"projectName":"x","ownerUscc":"91411102MA45B8C907","ownerName":"x","kind":"new","industry":"gold","coalUse":"fuel","newCoalConsumptionTonnes":-1,"location":{"city":"西安市"},"annualEnergyConsumptionTce":100}' | jq -c '{status, errors: [.errors[] | {field, rule}]}'
step "4. Art. 15 gate: submit-for-review below 40% is refused with the numbers"
curl -s -X POST $H/cases/$ID/events -H "$PO" -H "$J" -d '{"type":"submit-for-review"}' | jq -c '{status, rule, detail}'
step "5. register sources in the ledger (Arts. 5-6): in Henan and measurable"
curl -s -X POST $H/coal-sources -H "$MD" -H "$J" -d '{"id":"SRC-LH-BOILER-01","kind":"capacityClosure","description":"源汇区某热电厂2台35蒸吨燃煤锅炉拆除","location":{"city":"漯河市","county":"源汇区"},"reductionTonnes":2000,"closureScope":"partialEquipment","baselineYear":2023,"baselineYearCoalTonnes":2600,"closureDate":"2024-03-01"}'; echo
curl -s -X POST $H/coal-sources -H "$MD" -H "$J" -d '{"id":"SRC-LH-RETROFIT-02","kind":"efficiencyRetrofit","description":"召陵区某纺织厂燃煤导热油炉节能改造","location":{"city":"漯河市","county":"召陵区"},"reductionTonnes":1000,"coalBeforeTonnes":5000,"coalAfterTonnes":4000}'; echo
curl -s -X POST $H/coal-sources -H "$MD" -H "$J" -d '{"id":"SRC-XA-1","kind":"other","description":"外省","location":{"city":"西安市"},"reductionTonnes":100}' | jq -c '{status, errors: [.errors[] | {field, rule}]}'
step "6. allocate 2,000 t, then submit: 66.67% ≥ 40%, routed to the city DRC (Art. 11(2))"
curl -s -X POST $H/coal-projects/$ID/sources -H "$PO" -H "$J" -d '{"sourceId":"SRC-LH-BOILER-01","tonnes":2000}'; echo; sleep 1.5
curl -s -X POST $H/cases/$ID/events -H "$PO" -H "$J" -d '{"type":"submit-for-review"}'; echo; sleep 1.5
step "7. a second project may not use the same source (Art. 5): 409 naming the holder"
curl -s -X POST $H/coal-projects -H "$MD" -H "$J" --data-binary @samples/energy/coal-project-relocated-over-5000tce.json | tee /tmp/c2; echo
ID2=$(jq -r .caseId /tmp/c2); sleep 2
curl -s $H/cases/$ID2 -H "$MD" | jq -c '{formula: .data.substitution.formula, route: .data.route.explanation}'
curl -s -X POST $H/coal-projects/$ID2/sources -H "$MD" -H "$J" -d '{"sourceId":"SRC-LH-BOILER-01","tonnes":2000}' | jq -c '{status, rule, detail}'
step "8. review: the province may not approve a city-level plan; the city DRC approves; publication (Art. 13)"
curl -s -X POST $H/cases/$ID/events -H "$PD" -H "$J" -d '{"type":"approve"}' | jq -c '{status, detail}'
curl -s -X POST $H/cases/$ID/events -H "$MD" -H "$J" -d '{"type":"approve","approvedOn":"2025-02-01"}'; echo; sleep 1.5
curl -s -X POST $H/cases/$ID/events -H "$MD" -H "$J" -d '{"type":"record-publication","portalUrl":"https://fgw.luohe.gov.cn/coal/2025-001","publishedOn":"2025-02-10"}'; echo; sleep 1.5
step "9. Arts. 15, 17: production and confirmation need 100% of Q"
curl -s -X POST $H/cases/$ID/events -H "$PO" -H "$J" -d '{"type":"start-production","date":"2025-03-01"}' | jq -c '{status, rule, detail}'
curl -s -X POST $H/cases/$ID/events -H "$CO" -H "$J" -d '{"type":"confirm-substitution","confirmedOn":"2025-02-20"}' | jq -c '{status, rule, detail}'
curl -s -X POST $H/cases/$ID/events -H "$PO" -H "$J" -d '{"type":"allocate-source","sourceId":"SRC-LH-RETROFIT-02","tonnes":1000}'; echo; sleep 1.5
curl -s -X POST $H/cases/$ID/events -H "$CO" -H "$J" -d '{"type":"confirm-substitution","confirmedOn":"2025-02-20"}'; echo; sleep 1.5
step "10. production on 2025-03-01 (past): the Art. 16 report was due 3 months later, so the case is overdue (red) at once"
curl -s -X POST $H/cases/$ID/events -H "$PO" -H "$J" -d '{"type":"start-production","date":"2025-03-01"}'; echo; sleep 3
curl -s $H/cases/$ID -H "$MD" | jq '{state, light, due: .deadline.due, explanation: .deadline.explanation[3:7]}'
curl -s $H/cases/$ID -H "$MD" | jq -c '.history[] | select(.action=="escalated") | {at, action, article, summary}'
step "11. the report arrives (upload): the case closes, late"
curl -s -X POST "$H/coal-projects/$ID/report?name=implementation-report.pdf" -H "$PO" -H 'Content-Type: application/pdf' --data-binary '%PDF-1.7 report'; echo; sleep 2
curl -s $H/cases/$ID -H "$MD" | jq -c '{state, closed, outcome, late, onTime}'
step "12. Art. 19 suspension: new projects in the county cannot enter review"
curl -s -X POST $H/coal-suspensions -H "$PD" -H "$J" -d '{"city":"漯河市","county":"舞阳县","targetYear":2024,"from":"2025-01-01","reason":"豫节能办〔2025〕3号 整改通知"}' | tee /tmp/s1 | jq -c '{id, city: .suspension.city, county: .suspension.county, article: .suspension.article}'
cat > /tmp/filing-wy.json <<'J'
{"projectName":"舞阳县某建材有限公司余热锅炉扩建项目","ownerUscc":"91411102MA45B8C906","ownerName":"漯河市郾城区建材有限公司",
 "kind":"expansion","industry":"buildingMaterials","coalUse":"fuel","newCoalConsumptionTonnes":2000,
 "location":{"city":"漯河市","county":"舞阳县"},"annualEnergyConsumptionTce":1800}
J
curl -s -X POST $H/coal-projects -H "$PO" -H "$J" --data-binary @/tmp/filing-wy.json | tee /tmp/c3; echo
ID3=$(jq -r .caseId /tmp/c3); sleep 2
curl -s -X POST $H/coal-sources -H "$MD" -H "$J" -d '{"id":"SRC-WY-03","kind":"efficiencyRetrofit","description":"舞阳县某厂锅炉改造","location":{"city":"漯河市","county":"舞阳县"},"reductionTonnes":3000,"coalBeforeTonnes":8000,"coalAfterTonnes":5000}' > /dev/null
curl -s -X POST $H/coal-projects/$ID3/sources -H "$PO" -H "$J" -d '{"sourceId":"SRC-WY-03","tonnes":3000}' > /dev/null; sleep 1.5
curl -s -X POST $H/cases/$ID3/events -H "$PO" -H "$J" -d '{"type":"submit-for-review"}' | jq -c '{status, rule, detail}'
curl -s -X DELETE $H/coal-suspensions/$(jq -r .id /tmp/s1) -H "$PD" | jq -c '{id, until: .suspension.until}'
curl -s -X POST $H/cases/$ID3/events -H "$PO" -H "$J" -d '{"type":"submit-for-review"}'; echo
step "13. retrofit: a units list with bad rows is refused row by row; nothing is imported"
P=luohe-key-units-retrofit-2021-2023
curl -s -X POST "$H/retrofit-programmes/$P/units?name=key-units-bad-rows.csv" -H "$MD" --data-binary @samples/energy/key-units-bad-rows.csv | jq -c '.errors[] | {field, rule}'
curl -s -X POST "$H/retrofit-programmes/$P/units?name=key-units.csv" -H "$MD" --data-binary @samples/energy/key-units.csv; echo
step "14. projects and progress; a failed-review project runs the remediation (四(三))"
curl -s -X POST $H/retrofit-projects -H "$CO" -H "$J" -d '{"programmeId":"'$P'","project":{"id":"YH-2021-01","unitUscc":"9141110252601815X9","category":"energySaving","content":"余热回收及空压机系统改造","deadline":"2021-12-31","investmentTenThousandYuan":850,"expectedSavingsTcePerYear":1200}}' | tee /tmp/r1; echo
curl -s -X POST $H/retrofit-projects -H "$CO" -H "$J" -d '{"programmeId":"'$P'","project":{"id":"YH-2021-02","unitUscc":"914111029083016639","category":"carbonReduction","content":"燃煤锅炉改燃气","deadline":"2022-06-30","investmentTenThousandYuan":3000,"expectedSavingsTcePerYear":9000,"forFailedEnergyReview":true}}' | jq -c '.errors[] | {field, rule}'
curl -s -X POST $H/retrofit-projects -H "$CO" -H "$J" -d '{"programmeId":"'$P'","project":{"id":"YH-2021-02","unitUscc":"914111029083016639","category":"carbonReduction","content":"燃煤锅炉改燃气","deadline":"2021-10-31","investmentTenThousandYuan":3000,"expectedSavingsTcePerYear":9000,"forFailedEnergyReview":true}}' | tee /tmp/r2; echo
sleep 2; R1=$(jq -r .caseId /tmp/r1); R2=$(jq -r .caseId /tmp/r2)
curl -s -X POST $H/cases/$R1/events -H "$CO" -H "$J" -d '{"type":"progress","reportDate":"2021-09-30","status":"inProgress","startedOn":"2021-08-01","investmentToDateTenThousandYuan":400,"achievedSavingsTcePerYear":0}' > /dev/null; sleep 1.5
for e in '{"type":"start-retrofit","on":"2021-09-01"}' '{"type":"complete-retrofit","on":"2021-10-20"}' '{"type":"file-audit","auditReport":"第三方节能审计报告","on":"2021-11-05"}'; do curl -s -X POST $H/cases/$R2/events -H "$CO" -H "$J" -d "$e" > /dev/null; sleep 1.5; done
curl -s -X POST $H/cases/$R2/events -H "$MD" -H "$J" -d '{"type":"allow-resumption","atIndustryAdvancedLevel":true,"regionalDualControlSecured":true}' | jq -c '{status, detail}'
curl -s -X POST $H/cases/$R2/events -H "$MD" -H "$J" -d '{"type":"start-review","on":"2021-11-10"}' > /dev/null; sleep 1.5
curl -s -X POST $H/cases/$R2/events -H "$MD" -H "$J" -d '{"type":"allow-resumption","atIndustryAdvancedLevel":true,"regionalDualControlSecured":true,"on":"2021-11-30"}' > /dev/null; sleep 1.5
curl -s $H/cases/$R2 -H "$MD" | jq -c '.history[] | {action, article, summary}'
step "15. the programme orchestration: year-end checkpoints (past dates fire at once)"
curl -s -X POST $H/retrofit-programmes/$P/start -H "$MD" | tee /tmp/p; echo; sleep 4
curl -s $H/cases/$(jq -r .caseId /tmp/p) -H "$MD" | jq -c '.history[] | {action, summary}'
curl -s $H/cases/$(jq -r .caseId /tmp/p) -H "$MD" | jq -c '.data.results[0].result.counties[]'
step "16. cases by procedure"
for p in coal-substitution retrofit-programme retrofit-project; do curl -s "$H/cases?procedure=$p" -H "$PD" | jq -c '{total, items: [.items[] | {id, state, light}]}'; done
