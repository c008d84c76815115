-- Argo CD health check for atlasrestore.io/AtlasSharedRestore.
-- Install it as resource.customizations.health.atlasrestore.io_AtlasSharedRestore (see argocd-cm-patch.yaml).
-- Written for Lua 5.1 (Argo CD's interpreter) and tested on Lua 5.4: no goto, no integer-only operators.
local hs = {}

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function withReason(condition, fallback)
  if condition == nil or condition.message == nil or condition.message == "" then
    return fallback
  end
  if condition.reason ~= nil and condition.reason ~= "" then
    return condition.reason .. ": " .. condition.message
  end
  return condition.message
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end

-- A status written for an older generation says nothing about the current spec yet (kstatus rule).
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local conditions = status.conditions
local stalled = findCondition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = withReason(stalled, "The restore is stalled")
  return hs
end

local phase = status.phase
local job = status.job

if phase == "Completed" then
  hs.status = "Healthy"
  local ready = findCondition(conditions, "Ready")
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    hs.message = ready.message
  elseif job ~= nil and job.id ~= nil then
    hs.message = "Restore completed (Atlas job " .. job.id .. ")"
  else
    hs.message = "Restore completed"
  end
  return hs
end

if phase == "Failed" then
  hs.status = "Degraded"
  local fallback = "The restore failed"
  if job ~= nil and job.status ~= nil then
    fallback = "The restore failed (Atlas job " .. job.status .. ")"
  end
  hs.message = withReason(findCondition(conditions, "Ready"), fallback)
  return hs
end

if phase == "Pending" or phase == "Submitting" or phase == "Running" then
  hs.status = "Progressing"
  local message = phase
  if job ~= nil and job.status ~= nil then
    message = message .. " (Atlas job " .. job.status .. ")"
  end
  local reconciling = findCondition(conditions, "Reconciling")
  if reconciling ~= nil and reconciling.message ~= nil and reconciling.message ~= "" then
    message = message .. ": " .. reconciling.message
  end
  hs.message = message
  return hs
end

-- A phase this check does not know (a newer operator): say so rather than guess.
hs.status = "Unknown"
hs.message = "Unrecognised phase " .. tostring(phase)
return hs
