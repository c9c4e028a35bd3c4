import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/layout.js";
import { AgentPage } from "./pages/agent.js";
import { AgentsPage } from "./pages/agents.js";
import { DatasetPage } from "./pages/dataset.js";
import { DatasetsPage } from "./pages/datasets.js";
import { DeploymentPage } from "./pages/deployment.js";
import { DeploymentsPage } from "./pages/deployments.js";
import { ModelPage } from "./pages/model.js";
import { ModelsPage } from "./pages/models.js";
import { MonitorPage } from "./pages/monitor.js";
import { MonitorsPage } from "./pages/monitors.js";
import { ReportPage } from "./pages/report.js";
import { ReportsPage } from "./pages/reports.js";
import { TrainingPage } from "./pages/training.js";
import { TrainingRunPage } from "./pages/training-run.js";
import { LoginPage } from "./session/login-page.js";
import { useSession } from "./session/session-context.js";

/** The console's routes; everything but sign-in needs a session. Remounted per team so nothing stale shows. */
export function App() {
  const { client, teamId } = useSession();
  if (!client) return <LoginPage />;
  return (
    <Layout key={teamId}>
      <Routes>
        <Route path="/" element={<Navigate to="/datasets" replace />} />
        <Route path="/datasets" element={<DatasetsPage />} />
        <Route path="/datasets/:id" element={<DatasetPage />} />
        <Route path="/training" element={<TrainingPage />} />
        <Route path="/training/:jobId" element={<TrainingRunPage />} />
        <Route path="/models" element={<ModelsPage />} />
        <Route path="/models/:id" element={<ModelPage />} />
        <Route path="/deployments" element={<DeploymentsPage />} />
        <Route path="/deployments/:id" element={<DeploymentPage />} />
        <Route path="/reports" element={<ReportsPage />} />
        <Route path="/reports/:id" element={<ReportPage />} />
        <Route path="/monitors" element={<MonitorsPage />} />
        <Route path="/monitors/:id" element={<MonitorPage />} />
        <Route path="/agents" element={<AgentsPage />} />
        <Route path="/agents/:id" element={<AgentPage />} />
        <Route path="*" element={<h1>Page not found</h1>} />
      </Routes>
    </Layout>
  );
}
