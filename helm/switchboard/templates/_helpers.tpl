{{/* Chart name, possibly overridden. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the prefix of every object of the release. */}}
{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "switchboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "switchboard.labels" -}}
helm.sh/chart: {{ include "switchboard.chart" . }}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The node pods' selector labels; also the Kubernetes API discovery's label selector. */}}
{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: node
{{- end }}

{{/* The same labels as a label selector string, for SWITCHBOARD_K8S_POD_LABEL_SELECTOR. */}}
{{- define "switchboard.discoverySelector" -}}
{{- printf "app.kubernetes.io/name=%s,app.kubernetes.io/instance=%s,app.kubernetes.io/component=node" (include "switchboard.name" .) .Release.Name }}
{{- end }}

{{- define "switchboard.cassandraName" -}}
{{- printf "%s-cassandra" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.cassandraSelectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: cassandra
{{- end }}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "switchboard.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Cassandra contact points: the bundled StatefulSet's Service, or the external ones. */}}
{{- define "switchboard.contactPoints" -}}
{{- if .Values.cassandra.bundled.enabled }}
{{- printf "%s:9042" (include "switchboard.cassandraName" .) }}
{{- else }}
{{- required "cassandra.contactPoints is required unless cassandra.bundled.enabled (the image has no embedded Cassandra)" .Values.cassandra.contactPoints }}
{{- end }}
{{- end }}

{{/* Pods needed to form a new cluster. */}}
{{- define "switchboard.requiredContactPoints" -}}
{{- if gt (int .Values.cluster.requiredContactPoints) 0 }}
{{- .Values.cluster.requiredContactPoints }}
{{- else if .Values.autoscaling.enabled }}
{{- .Values.autoscaling.minReplicas }}
{{- else }}
{{- max 1 .Values.replicaCount }}
{{- end }}
{{- end }}

{{- define "switchboard.terminationGracePeriodSeconds" -}}
{{- if gt (int .Values.terminationGracePeriodSeconds) 0 }}
{{- .Values.terminationGracePeriodSeconds }}
{{- else }}
{{- add .Values.preStopSleepSeconds .Values.xmpp.drainWindowSeconds 45 }}
{{- end }}
{{- end }}

{{/* The Secret the chart generates (cluster certificates, management token, SCRAM decoy secret). */}}
{{- define "switchboard.generatedSecretName" -}}
{{- printf "%s-secrets" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Whether the chart generates that Secret: some secret is neither off nor from an existing Secret. */}}
{{- define "switchboard.generatesSecret" -}}
{{- if or (not .Values.secrets.existingSecret) (and .Values.cluster.tls.enabled (not .Values.cluster.tls.existingSecret)) }}true{{- end }}
{{- end }}

{{/* The Secret with management-token and sasl-decoy-secret. */}}
{{- define "switchboard.secretsName" -}}
{{- default (include "switchboard.generatedSecretName" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* The Secret with the cluster's tls.crt, tls.key and ca.crt. */}}
{{- define "switchboard.clusterTlsSecretName" -}}
{{- default (include "switchboard.generatedSecretName" .) .Values.cluster.tls.existingSecret }}
{{- end }}

{{/* switchboard.web.front: explicit, or "forwarded" behind the chart's Ingress, else "none". */}}
{{- define "switchboard.webFront" -}}
{{- if .Values.web.front -}}
{{- .Values.web.front -}}
{{- else if .Values.ingress.enabled -}}
forwarded
{{- else -}}
none
{{- end -}}
{{- end -}}

{{/* The public URL of the HTTP port for XEP-0156: explicit, or https://<ingress.host>. */}}
{{- define "switchboard.webPublicUrl" -}}
{{- if .Values.web.publicUrl -}}
{{- .Values.web.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
https://{{ .Values.ingress.host }}
{{- end -}}
{{- end -}}
